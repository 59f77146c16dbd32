package dev.vitp.backend.jvm;

import dev.vitp.conformance.BackendContract;
import dev.vitp.spi.backend.Backend;

/** The backend conformance suite on the jvm backend (two threads, so parallel loops really split). */
class JvmConformanceTest implements BackendContract {
  @Override
  public Backend backend() {
    return new JvmBackend(new JvmBackendConfig(2));
  }
}
