package dev.vitp.plugins.tasks.heads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TaskHeadConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"type": "change-detection", "channels": 64, "diceWeight": 1}}: a Siamese backbone whose
 * two dates' features are fused (concatenation and absolute difference), then the segmentation
 * neck; the Dice term (on by default) counters the rarity of changed pixels.
 */
public record ChangeDetectionHeadConfig(int channels, float diceWeight) implements TaskHeadConfig {
  public ChangeDetectionHeadConfig {
    SegmentationHeadConfig.check(channels, diceWeight, "change-detection");
  }

  public ChangeDetectionHeadConfig() {
    this(64, 1f);
  }

  @JsonCreator
  static ChangeDetectionHeadConfig fromJson(@JsonProperty("channels") @Nullable Integer channels,
      @JsonProperty("diceWeight") @Nullable Float diceWeight) {
    return new ChangeDetectionHeadConfig(channels == null ? 64 : channels,
        diceWeight == null ? 1f : diceWeight);
  }
}
