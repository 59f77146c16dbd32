package dev.vitp.backend.djl;

import dev.vitp.conformance.BackendConformance;
import dev.vitp.spi.backend.Backend;

/** The backend conformance suite on djl-pytorch (CPU, two intra-op threads). */
class DjlConformanceTest extends BackendConformance {
  @Override
  protected Backend backend() {
    return new DjlPytorchBackend(new DjlPytorchConfig(2));
  }
}
