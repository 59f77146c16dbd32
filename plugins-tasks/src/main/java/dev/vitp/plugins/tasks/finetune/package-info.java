/**
 * Finetuning as a library call: linear probe or full finetune with layer-wise learning-rate decay,
 * AdamW with warmup and cosine, label fractions, best-on-validation checkpoints and metrics JSON.
 */
@NullMarked
package dev.vitp.plugins.tasks.finetune;

import org.jspecify.annotations.NullMarked;
