package dev.vitp.plugins.tasks.heads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TaskHeadConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"type": "classification", "pool": "mean"}}: image features are the CLS token ({@code
 * cls}) or the mean of the patch tokens ({@code mean}, the default), then layer norm and a linear
 * classifier.
 */
public record ClassificationHeadConfig(String pool) implements TaskHeadConfig {
  public ClassificationHeadConfig {
    if (!pool.equals("mean") && !pool.equals("cls")) {
      throw VitpException.userError("Expected pool 'mean' or 'cls' for the classification head. "
          + "Received: pool=" + pool);
    }
  }

  public ClassificationHeadConfig() {
    this("mean");
  }

  @JsonCreator
  static ClassificationHeadConfig fromJson(@JsonProperty("pool") @Nullable String pool) {
    return new ClassificationHeadConfig(pool == null ? "mean" : pool);
  }
}
