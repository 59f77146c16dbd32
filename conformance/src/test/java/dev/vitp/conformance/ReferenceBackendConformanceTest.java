package dev.vitp.conformance;

import dev.vitp.spi.backend.Backend;

/**
 * Runs the whole suite, as a backend's test would, on the reference backend: it shows that jqwik
 * and JUnit run the properties and dynamic tests inherited from {@link BackendContract} and that
 * the suite passes on an obviously correct backend.
 */
class ReferenceBackendConformanceTest implements BackendContract {
  @Override
  public Backend backend() {
    return new ReferenceBackend();
  }
}
