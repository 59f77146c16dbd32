package dev.vitp.backend.jvm;

import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code jvm} backend: {@code {"type": "jvm", "threads": 8}}.
 *
 * @param threads threads the kernels' parallel loops run on (the calling thread included); null
 *     means the number of available processors
 */
public record JvmBackendConfig(@Nullable Integer threads) implements BackendConfig {
  public JvmBackendConfig {
    if (threads != null && threads < 1) {
      throw VitpException.userError(
          "Expected threads >= 1 (or null for all processors) for backend [jvm]. Received: threads="
              + threads);
    }
  }

  /** The default config: one thread per available processor. */
  public static JvmBackendConfig defaults() {
    return new JvmBackendConfig(null);
  }

  /** The thread count this config asks for, with the default resolved. */
  public int resolvedThreads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
