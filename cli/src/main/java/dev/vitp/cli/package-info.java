/** The {@code vitp} command line (picocli), run by the {@code ./vitp} launcher from the fat jar. */
@NullMarked
package dev.vitp.cli;

import org.jspecify.annotations.NullMarked;
