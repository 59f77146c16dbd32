package dev.vitp.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.CorruptionConfig;
import dev.vitp.spi.VitpException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The part of a {@link FinetuneConfig} that asks for robustness scores: after training, the best
 * model is scored on the validation set under each corruption at each severity, written to
 * {@code robustness.json} beside {@code metrics.json}.
 *
 * <pre>{@code
 * robustness: {corruptions: [{type: gaussian-noise}, {type: haze}], severities: [1, 2, 3, 4, 5]}
 * }</pre>
 *
 * @param corruptions named corruption configs (built in: the twelve of the ViTP paper)
 * @param severities the levels, 1 to 5 (default all five)
 * @param seed the corruptions' random choices derive from it, not from the run's seed, so that
 *     every model compared is scored on the same corrupted images (default 0)
 */
public record RobustnessConfig(List<CorruptionConfig> corruptions, List<Integer> severities,
    long seed) {
  /** Every severity, 1 to 5. */
  public static final List<Integer> ALL_SEVERITIES = List.of(1, 2, 3, 4, 5);

  public RobustnessConfig {
    corruptions = List.copyOf(corruptions);
    severities = List.copyOf(severities);
    if (corruptions.isEmpty()) {
      throw VitpException.userError("Expected at least one corruption in robustness.corruptions. "
          + "Received: none");
    }
  }

  @JsonCreator
  static RobustnessConfig fromJson(
      @JsonProperty("corruptions") @Nullable List<CorruptionConfig> corruptions,
      @JsonProperty("severities") @Nullable List<Integer> severities,
      @JsonProperty("seed") @Nullable Long seed) {
    return new RobustnessConfig(corruptions == null ? List.of() : corruptions,
        severities == null ? ALL_SEVERITIES : severities, seed == null ? 0 : seed);
  }
}
