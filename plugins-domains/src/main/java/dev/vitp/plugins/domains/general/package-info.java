/** A small general-purpose instruction set (shapes, colours, counting) mixed into domain recipes. */
@NullMarked
package dev.vitp.plugins.domains.general;

import org.jspecify.annotations.NullMarked;
