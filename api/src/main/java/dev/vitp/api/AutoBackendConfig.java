package dev.vitp.api;

import dev.vitp.spi.BackendConfig;

/**
 * {@code {"type": "auto"}}: the best-ranked backend that has the capabilities the command needs
 * (see {@link Vitp#autoBackend}); a run records the backend it resolved to.
 */
public record AutoBackendConfig() implements BackendConfig {
  /** The backend name that selects it. */
  public static final String NAME = "auto";
}
