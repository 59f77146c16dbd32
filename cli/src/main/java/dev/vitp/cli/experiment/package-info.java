/**
 * {@code vitp experiment}: the ViTP paper's ablations in miniature (VRL ratio sweep, label
 * efficiency, corruption robustness), each driving the public commands (generate, pretrain,
 * export-backbone, finetune through {@code vitp compare}) as a user would, resumable, and
 * reporting JSON, Markdown and plots.
 */
@NullMarked
package dev.vitp.cli.experiment;

import org.jspecify.annotations.NullMarked;
