package dev.vitp.backend.jvm;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.backend.Capability;
import java.util.List;
import java.util.Set;

/** Contributes the {@code jvm} backend; listed in {@code META-INF/services}. */
public final class JvmPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "jvm";
  }

  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(JvmBackend.NAME, JvmBackendConfig.class, JvmBackend::new,
        "Hand-written JVM kernels (TornadoVM kernel style, threads + Vector API), no native code",
        // The fastest trainer measured on 2-core CPUs (nano 2.7x djl-pytorch and PyTorch eager).
        // Without the Vector API module it cannot start, so auto passes it over then.
        20, JvmBackend.vectorModulePresent() ? Set.of(Capability.INFERENCE, Capability.TRAINING)
            : Set.of()));
  }
}
