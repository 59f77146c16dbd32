/** Shared machinery of the synthetic generators: seeded randomness, rasterising, real-format writers. */
@NullMarked
package dev.vitp.plugins.domains.synth;

import org.jspecify.annotations.NullMarked;
