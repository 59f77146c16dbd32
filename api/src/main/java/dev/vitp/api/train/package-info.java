/**
 * Training: AdamW written on the backend contract, warmup + cosine schedule, global-norm
 * clipping, gradient accumulation, checkpoints with exact resume, and the pretraining loop.
 */
@NullMarked
package dev.vitp.api.train;

import org.jspecify.annotations.NullMarked;
