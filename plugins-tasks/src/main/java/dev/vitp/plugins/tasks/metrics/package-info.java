/**
 * Metrics computed carefully and tested on hand-computed cases: confusion-matrix metrics
 * (accuracy, IoU, F1, Dice), COCO-style AP with horizontal or rotated IoU, polygon geometry.
 */
@NullMarked
package dev.vitp.plugins.tasks.metrics;

import org.jspecify.annotations.NullMarked;
