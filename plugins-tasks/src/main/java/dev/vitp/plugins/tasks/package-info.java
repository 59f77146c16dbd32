/**
 * Downstream tasks of ViTP: the task plugin (classification, segmentation, change detection and
 * detection heads), finetuning, metrics and dataset readers.
 */
@NullMarked
package dev.vitp.plugins.tasks;

import org.jspecify.annotations.NullMarked;
