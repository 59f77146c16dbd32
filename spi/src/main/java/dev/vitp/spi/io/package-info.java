/**
 * Weight files: a validating safetensors reader and writer, and the small JSON codec their headers
 * need (the spi carries no JSON library).
 */
@NullMarked
package dev.vitp.spi.io;

import org.jspecify.annotations.NullMarked;
