package dev.vitp.api.objective;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.PretrainObjectiveConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code mae} objective: {@code {"type": "mae", "maskRatio": 0.75, "normPixLoss":
 * true}}. The decoder's sizes come from the preset ({@code maeDecoder}).
 *
 * @param maskRatio the share of each image's patches hidden from the encoder (MAE: 0.75)
 * @param normPixLoss whether targets are each patch's pixels normalised by its own mean and
 *     variance (MAE's default and better setting)
 */
public record MaeObjectiveConfig(float maskRatio, boolean normPixLoss)
    implements PretrainObjectiveConfig {
  public static final String NAME = "mae";
  public static final float DEFAULT_MASK_RATIO = 0.75f;

  public MaeObjectiveConfig {
    if (!(maskRatio > 0f && maskRatio < 1f)) {
      throw VitpException.userError("Expected maskRatio in (0, 1) for objective [mae]. Received: "
          + "maskRatio=" + maskRatio);
    }
  }

  @JsonCreator
  static MaeObjectiveConfig fromJson(@JsonProperty("maskRatio") @Nullable Float maskRatio,
      @JsonProperty("normPixLoss") @Nullable Boolean normPixLoss) {
    return new MaeObjectiveConfig(maskRatio == null ? DEFAULT_MASK_RATIO : maskRatio,
        normPixLoss == null || normPixLoss);
  }
}
