package dev.vitp.it;

import dev.vitp.backend.djl.DjlPytorchBackend;
import dev.vitp.backend.djl.DjlPytorchConfig;
import dev.vitp.spi.backend.Backend;

/** The djl-pytorch backend for integration tests (offline, natives from Maven). */
final class DjlFixture {
  private static final Backend BACKEND = new DjlPytorchBackend(new DjlPytorchConfig(null));

  private DjlFixture() {}

  static Backend backend() {
    return BACKEND;
  }
}
