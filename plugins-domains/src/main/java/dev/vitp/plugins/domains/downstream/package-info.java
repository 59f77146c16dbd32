/**
 * Downstream data sets in their real on-disk formats, written by the synthetic generators and
 * read back by the same readers used for real data: class folders, mask PNGs, DOTA txt, COCO json,
 * change-detection {@code A/ B/ label/} folders and NIfTI segmentation volumes.
 */
@NullMarked
package dev.vitp.plugins.domains.downstream;

import org.jspecify.annotations.NullMarked;
