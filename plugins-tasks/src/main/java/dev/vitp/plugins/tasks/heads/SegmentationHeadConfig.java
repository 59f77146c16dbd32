package dev.vitp.plugins.tasks.heads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TaskHeadConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"type": "segmentation", "channels": 64, "diceWeight": 0}}: the multi-scale neck's width
 * and the weight of a soft Dice term added to the per-pixel cross-entropy (useful for small
 * foreground, as in medical masks).
 */
public record SegmentationHeadConfig(int channels, float diceWeight) implements TaskHeadConfig {
  public SegmentationHeadConfig {
    check(channels, diceWeight, "segmentation");
  }

  public SegmentationHeadConfig() {
    this(64, 0f);
  }

  static void check(int channels, float diceWeight, String head) {
    if (channels < 1 || !(diceWeight >= 0)) {
      throw VitpException.userError("Expected channels >= 1 and diceWeight >= 0 for the " + head
          + " head. Received: channels=" + channels + ", diceWeight=" + diceWeight);
    }
  }

  @JsonCreator
  static SegmentationHeadConfig fromJson(@JsonProperty("channels") @Nullable Integer channels,
      @JsonProperty("diceWeight") @Nullable Float diceWeight) {
    return new SegmentationHeadConfig(channels == null ? 64 : channels,
        diceWeight == null ? 0f : diceWeight);
  }
}
