/** {@code vitp compare}: fine-tuning starts over seeds, and the statistics of their differences. */
@NullMarked
package dev.vitp.cli.compare;

import org.jspecify.annotations.NullMarked;
