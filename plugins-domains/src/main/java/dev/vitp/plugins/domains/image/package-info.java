/** Image decoding (ImageIO with TwelveMonkeys plugins, NIfTI slices) to float planes, resampling and writing. */
@NullMarked
package dev.vitp.plugins.domains.image;

import org.jspecify.annotations.NullMarked;
