/**
 * Readers of real downstream dataset formats (class folders, mask PNGs, change-detection folders,
 * DOTA txt, DIOR VOC xml, COCO json, NIfTI volumes) into task samples, with a skip/fail policy for
 * bad files.
 */
@NullMarked
package dev.vitp.plugins.tasks.data;

import org.jspecify.annotations.NullMarked;
