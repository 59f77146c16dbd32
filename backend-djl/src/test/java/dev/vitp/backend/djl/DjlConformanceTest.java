package dev.vitp.backend.djl;

import dev.vitp.conformance.BackendContract;
import dev.vitp.spi.backend.Backend;

/** The backend conformance suite on djl-pytorch (CPU, two intra-op threads). */
class DjlConformanceTest implements BackendContract {
  @Override
  public Backend backend() {
    return new DjlPytorchBackend(new DjlPytorchConfig(2));
  }
}
