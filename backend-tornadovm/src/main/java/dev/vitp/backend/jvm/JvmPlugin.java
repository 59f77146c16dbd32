package dev.vitp.backend.jvm;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/** Contributes the {@code jvm} backend; listed in {@code META-INF/services}. */
public final class JvmPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "jvm";
  }

  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(JvmBackend.NAME, JvmBackendConfig.class, JvmBackend::new,
        "Hand-written JVM kernels (TornadoVM kernel style, threads + Vector API), no native code"));
  }
}
