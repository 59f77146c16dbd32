/**
 * The small JSON codec that safetensors headers and tokenizer files need, for modules that carry
 * no JSON library.
 */
@NullMarked
package dev.vitp.toolkit.json;

import org.jspecify.annotations.NullMarked;
