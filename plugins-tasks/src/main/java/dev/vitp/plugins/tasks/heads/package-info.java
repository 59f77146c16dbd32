/**
 * Task heads written on the backend contract: classification, segmentation (multi-scale neck),
 * change detection (Siamese, fused features) and CenterNet-style anchor-free detection.
 */
@NullMarked
package dev.vitp.plugins.tasks.heads;

import org.jspecify.annotations.NullMarked;
