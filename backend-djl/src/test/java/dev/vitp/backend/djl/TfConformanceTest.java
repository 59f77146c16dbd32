package dev.vitp.backend.djl;

import dev.vitp.conformance.BackendContract;
import dev.vitp.spi.backend.Backend;

/**
 * The backend conformance suite on djl-tensorflow (CPU, two intra-op threads): every forward and
 * malformed-call property; the gradient properties assert that a TRAINING step is refused with
 * UNSUPPORTED, since the backend lacks the capability.
 */
class TfConformanceTest implements BackendContract {
  @Override
  public Backend backend() {
    return new DjlTensorflowBackend(new DjlTensorflowConfig(2));
  }
}
