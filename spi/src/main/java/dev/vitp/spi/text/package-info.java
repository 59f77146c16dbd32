/** Text tokenizers: the contract the trainer encodes conversations with. */
@NullMarked
package dev.vitp.spi.text;

import org.jspecify.annotations.NullMarked;
