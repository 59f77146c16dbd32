package dev.vitp.spi.model;

import dev.vitp.spi.nn.ParameterScope;

/** Builds a configured backbone's parameters into a session, under a scope. */
@FunctionalInterface
public interface BackboneBuilder {
  Backbone build(ParameterScope scope);
}
