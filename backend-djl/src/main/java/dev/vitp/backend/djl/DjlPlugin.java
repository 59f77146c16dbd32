package dev.vitp.backend.djl;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/** Contributes the {@code djl-pytorch} backend; listed in {@code META-INF/services}. */
public final class DjlPlugin implements VitpPlugin {
  @Override
  public String id() {
    return "djl";
  }

  @Override
  public List<BackendFactory> backends() {
    return List.of(BackendFactory.of(DjlPytorchBackend.NAME, DjlPytorchConfig.class,
        DjlPytorchBackend::new, "PyTorch 2.7.1 (CPU) through DJL 0.36.0"));
  }
}
