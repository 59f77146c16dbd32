/** See the package's types; every type here is null-marked (JSpecify). */
@NullMarked
package dev.vitp.spi.vrl;

import org.jspecify.annotations.NullMarked;
