/**
 * The plugin runtime behind {@link dev.vitp.api.Vitp}: {@link java.util.ServiceLoader} discovery,
 * one registry of named factories per {@link dev.vitp.spi.ComponentKind}, Guice {@code MapBinder}
 * wiring and Jackson {@code NamedType} binding. Applications use the facade; these types are public
 * so that tools can inspect a started runtime.
 */
@NullMarked
package dev.vitp.api.runtime;

import org.jspecify.annotations.NullMarked;
