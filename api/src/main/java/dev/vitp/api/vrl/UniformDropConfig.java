package dev.vitp.api.vrl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of {@code uniform}, the VRL strategy of the ViTP paper. JSON: {@code {"type": "uniform",
 * "ratio": 0.75, "probability": 1.0}}; absent fields take the defaults.
 *
 * @param ratio the fraction r of image tokens dropped, in [0, 1); a sample keeps
 *     ⌈(1 − r)·N⌉ of its N tokens (default 0.75)
 * @param probability the chance p that a batch is dropped at all, in [0, 1] (default 1.0)
 */
public record UniformDropConfig(double ratio, double probability) implements TokenDropConfig {
  public static final double DEFAULT_RATIO = 0.75;
  public static final double DEFAULT_PROBABILITY = 1.0;

  public UniformDropConfig {
    if (!(ratio >= 0 && ratio < 1)) {
      throw VitpException.userError(
          "Expected ratio in [0, 1) for tokenDrop [uniform]. Received: ratio=" + ratio);
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw VitpException.userError(
          "Expected probability in [0, 1] for tokenDrop [uniform]. Received: probability="
              + probability);
    }
  }

  /** The defaults: ratio 0.75, probability 1.0. */
  public UniformDropConfig() {
    this(DEFAULT_RATIO, DEFAULT_PROBABILITY);
  }

  /** JSON creator: absent or null fields take the defaults. */
  @JsonCreator
  static UniformDropConfig fromJson(@JsonProperty("ratio") @Nullable Double ratio,
      @JsonProperty("probability") @Nullable Double probability) {
    return new UniformDropConfig(ratio == null ? DEFAULT_RATIO : ratio,
        probability == null ? DEFAULT_PROBABILITY : probability);
  }

  public UniformDropConfig withRatio(double ratio) {
    return new UniformDropConfig(ratio, probability);
  }

  public UniformDropConfig withProbability(double probability) {
    return new UniformDropConfig(ratio, probability);
  }
}
