package dev.vitp.backend.djl;

import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code djl-tensorflow} backend: {@code {"type": "djl-tensorflow", "threads": 2}}.
 *
 * @param threads TensorFlow intra-op threads; null leaves TensorFlow's default (all processors).
 *     TensorFlow reads it once, when its eager context starts, so the first backend created in a
 *     JVM decides it for every later one.
 */
public record DjlTensorflowConfig(@Nullable Integer threads) implements BackendConfig {
  public DjlTensorflowConfig {
    if (threads != null && threads < 1) {
      throw VitpException.userError(
          "Expected threads >= 1 (or null for all processors) for backend [djl-tensorflow]. "
              + "Received: threads=" + threads);
    }
  }

  /** The default config: TensorFlow's own thread pools. */
  public static DjlTensorflowConfig defaults() {
    return new DjlTensorflowConfig(null);
  }
}
