package dev.vitp.backend.djl;

import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code djl-pytorch} backend: {@code {"type": "djl-pytorch", "threads": 8}}.
 *
 * @param threads PyTorch intra-op threads; null means the number of available processors. The
 *     setting is process-wide in PyTorch, so the last backend created in a JVM decides it.
 */
public record DjlPytorchConfig(@Nullable Integer threads) implements BackendConfig {
  public DjlPytorchConfig {
    if (threads != null && threads < 1) {
      throw VitpException.userError(
          "Expected threads >= 1 (or null for all processors) for backend [djl-pytorch]. Received: "
              + "threads=" + threads);
    }
  }

  /** The default config: one intra-op thread per available processor. */
  public static DjlPytorchConfig defaults() {
    return new DjlPytorchConfig(null);
  }

  /** The thread count this config asks for, with the default resolved. */
  public int resolvedThreads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
