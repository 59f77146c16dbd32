/**
 * Images and volumes: the one image codec and NIfTI reader every command decodes with, bounded
 * from their headers ({@link dev.vitp.spi.image.ImageLimits}), and the resampler that resizes
 * decoded images.
 */
@NullMarked
package dev.vitp.toolkit.image;

import org.jspecify.annotations.NullMarked;
