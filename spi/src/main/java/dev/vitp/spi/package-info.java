/** Contracts for extension authors: plugins, errors, backends, data and VRL types. */
@NullMarked
package dev.vitp.spi;

import org.jspecify.annotations.NullMarked;
