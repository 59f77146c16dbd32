/** The streaming batch loader: background decoding, bounded memory, order fixed by seed and epoch. */
@NullMarked
package dev.vitp.plugins.domains.loader;

import org.jspecify.annotations.NullMarked;
