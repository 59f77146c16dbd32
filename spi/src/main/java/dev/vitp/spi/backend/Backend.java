package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compute backend: DJL with PyTorch, hand-written JVM kernels, … Models are written once against
 * {@link Step}, {@link MathOps} and {@link NnOps} and run on every backend that has the ops and
 * capabilities they need.
 */
public interface Backend {
  /** The name configs and the CLI select it by, e.g. {@code djl-pytorch}. */
  String name();

  Set<Capability> capabilities();

  /** Ops this backend cannot run, each with the reason. Empty for a complete backend. */
  default Map<Op, String> unsupportedOps() {
    return Map.of();
  }

  /** Opens a session holding parameters and native resources; close it when done. */
  BackendSession newSession(long seed);

  /** Fails with an UNSUPPORTED error naming the backend unless it has {@code capability}. */
  default void requireCapability(Capability capability, String neededFor) {
    if (!capabilities().contains(capability)) {
      throw VitpException.unsupported(
          "Backend [" + name() + "] lacks capability " + capability + ", needed for " + neededFor
              + ". Received: capabilities=" + new TreeSet<>(capabilities()));
    }
  }

  /** Fails before the first step if any op is unsupported here, listing each with its reason. */
  default void requireOps(Collection<Op> ops, String neededFor) {
    StringBuilder missing = new StringBuilder();
    for (Op op : ops) {
      String reason = unsupportedOps().get(op);
      if (reason != null) {
        missing.append(missing.length() == 0 ? "" : "; ").append(op.opName()).append(": ")
            .append(reason);
      }
    }
    if (missing.length() > 0) {
      throw VitpException.unsupported(
          "Backend [" + name() + "] cannot run " + neededFor + ". Unsupported ops: " + missing);
    }
  }
}
