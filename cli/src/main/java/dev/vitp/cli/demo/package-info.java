/** {@code vitp demo}: the end-to-end ViTP experiment on the embedded synthetic domain. */
@NullMarked
package dev.vitp.cli.demo;

import org.jspecify.annotations.NullMarked;
