/**
 * Vision backbones as downstream tasks see them: a ViT built into a session whose intermediate
 * token maps heads can tap, with layer ids for layer-wise learning-rate decay.
 */
@NullMarked
package dev.vitp.spi.model;

import org.jspecify.annotations.NullMarked;
