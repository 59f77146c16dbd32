/**
 * The image values the contracts carry: the decoding bound every image and volume decoder checks
 * before it allocates ({@link dev.vitp.spi.image.ImageLimits}), the error it throws over that
 * bound, and decoded label masks. The decoders themselves are helpers in {@code vitp-toolkit}.
 */
@NullMarked
package dev.vitp.spi.image;

import org.jspecify.annotations.NullMarked;
