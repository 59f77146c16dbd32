package dev.vitp.benchmarks;

import dev.vitp.backend.djl.DjlPytorchBackend;
import dev.vitp.backend.djl.DjlPytorchConfig;
import dev.vitp.backend.jvm.JvmBackend;
import dev.vitp.backend.jvm.JvmBackendConfig;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import java.util.SplittableRandom;

/** The backends under comparison, both on the same number of threads. */
final class Backends {
  /**
   * Forked JVMs: the jvm backend needs the Vector API module; DJL never goes online. (A
   * {@code -jvmArgsAppend} on the command line replaces these, so repeat them there.)
   */
  static final String VECTOR = "--add-modules=jdk.incubator.vector";
  static final String OFFLINE = "-Dai.djl.offline=true";

  private Backends() {}

  /** The backend named {@code name} on {@code threads} threads. */
  static Backend create(String name, int threads) {
    return switch (name) {
      case "jvm" -> new JvmBackend(new JvmBackendConfig(threads));
      case "djl-pytorch" -> new DjlPytorchBackend(new DjlPytorchConfig(threads));
      default -> throw new IllegalArgumentException("Unknown backend " + name);
    };
  }

  /** A trainable parameter of normally distributed values (std 1/√fanIn keeps outputs O(1)). */
  static Parameter random(BackendSession session, String name, long seed, float std, int... dims) {
    Shape shape = Shape.of(dims);
    float[] values = new float[shape.elementCount()];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (std * r.nextGaussian());
    }
    return session.createParameter(name, shape, values, true);
  }
}
