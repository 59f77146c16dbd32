package dev.vitp.backend.djl;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;

/**
 * Entry point of the JVM that {@link OfflineStartTest} forks: start the backend named by the
 * first argument through the plugin's factory, run one op.
 */
public final class OfflineStartMain {
  private OfflineStartMain() {}

  public static void main(String[] args) {
    String name = args[0];
    Backend backend = new DjlPlugin().backends().stream().filter(f -> f.name().equals(name))
        .findFirst().orElseThrow().create(name.equals(DjlTensorflowBackend.NAME)
            ? new DjlTensorflowConfig(1) : new DjlPytorchConfig(1));
    try (BackendSession session = backend.newSession(1);
        Step step = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor y = step.math().add(step.scalar(2f), step.scalar(3f));
      System.out.println("OFFLINE-OK " + step.item(y) + " " + backend);
    }
  }
}
