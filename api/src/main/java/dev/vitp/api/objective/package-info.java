/**
 * The built-in pretraining objectives: {@code instruction} (ViTP: the ViT inside a small VLM,
 * next-token loss on assistant tokens, VRL) and {@code mae} (masked autoencoding on the same
 * ViT).
 */
@NullMarked
package dev.vitp.api.objective;

import org.jspecify.annotations.NullMarked;
