/** End-to-end training benchmarks on synthetic tensors ({@code vitp bench}). */
@NullMarked
package dev.vitp.api.bench;

import org.jspecify.annotations.NullMarked;
