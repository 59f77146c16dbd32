package dev.vitp.api.vrl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of {@code shuffle}. JSON: {@code {"type": "shuffle", "probability": 1.0}}; an absent
 * field takes the default.
 *
 * @param probability the chance p that a sample's tokens are permuted, in [0, 1] (default 1.0)
 */
public record ShuffleDropConfig(double probability) implements TokenDropConfig {
  public static final double DEFAULT_PROBABILITY = 1.0;

  public ShuffleDropConfig {
    if (!(probability >= 0 && probability <= 1)) {
      throw VitpException.userError(
          "Expected probability in [0, 1] for tokenDrop [shuffle]. Received: probability="
              + probability);
    }
  }

  /** The default: probability 1.0. */
  public ShuffleDropConfig() {
    this(DEFAULT_PROBABILITY);
  }

  /** JSON creator: an absent or null field takes the default. */
  @JsonCreator
  static ShuffleDropConfig fromJson(@JsonProperty("probability") @Nullable Double probability) {
    return new ShuffleDropConfig(probability == null ? DEFAULT_PROBABILITY : probability);
  }
}
