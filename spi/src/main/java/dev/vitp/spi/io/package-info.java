/**
 * Weight files: a validating safetensors reader and writer, and the small JSON codec their headers
 * need (the spi carries no JSON library). Images and volumes: the one image codec and NIfTI
 * reader every command decodes with, bounded from their headers ({@link
 * dev.vitp.spi.io.ImageLimits}).
 */
@NullMarked
package dev.vitp.spi.io;

import org.jspecify.annotations.NullMarked;
