package dev.vitp.backend.djl;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;

/** Entry point of the JVM that {@link OfflineStartTest} forks: start the backend, run one op. */
public final class OfflineStartMain {
  private OfflineStartMain() {}

  public static void main(String[] args) {
    Backend backend = new DjlPlugin().backends().get(0).create(new DjlPytorchConfig(1));
    try (BackendSession session = backend.newSession(1);
        Step step = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor y = step.math().add(step.scalar(2f), step.scalar(3f));
      System.out.println("OFFLINE-OK " + step.item(y) + " " + backend);
    }
  }
}
