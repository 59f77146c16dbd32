package dev.vitp.plugins.tasks.testing;

import dev.vitp.backend.djl.DjlPytorchBackend;
import dev.vitp.backend.djl.DjlPytorchConfig;
import dev.vitp.spi.backend.Backend;

/** The djl-pytorch backend on one thread (the test machine is shared), made once per JVM. */
public final class TestBackend {
  private static final Backend BACKEND = new DjlPytorchBackend(new DjlPytorchConfig(1));

  private TestBackend() {}

  public static Backend get() {
    return BACKEND;
  }
}
