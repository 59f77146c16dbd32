/**
 * A small layer toolkit written on the backend contract: parameter scopes with canonical dotted
 * names and seeded initialisers, and the layers every model here shares (linear, layer norm,
 * embedding). Layers hold {@link dev.vitp.spi.backend.Parameter} handles and take a {@link
 * dev.vitp.spi.backend.Step} in {@code forward}, so one model definition runs on every backend.
 */
@NullMarked
package dev.vitp.spi.nn;

import org.jspecify.annotations.NullMarked;
