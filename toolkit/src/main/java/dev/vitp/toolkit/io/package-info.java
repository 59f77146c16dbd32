/** Files: the one atomic writer every output file goes through. */
@NullMarked
package dev.vitp.toolkit.io;

import org.jspecify.annotations.NullMarked;
