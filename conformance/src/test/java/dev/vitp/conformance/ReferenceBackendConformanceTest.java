package dev.vitp.conformance;

import dev.vitp.spi.backend.Backend;

/**
 * Runs the whole suite, as a backend's test would, on the reference backend: it shows that jqwik
 * runs the properties inherited from the abstract {@link BackendConformance} and that the suite
 * passes on an obviously correct backend.
 */
class ReferenceBackendConformanceTest extends BackendConformance {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
