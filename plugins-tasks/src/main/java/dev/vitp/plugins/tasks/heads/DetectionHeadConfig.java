package dev.vitp.plugins.tasks.heads;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TaskHeadConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"type": "detection", "channels": 64, "outScale": 2, "maxDetections": 100,
 * "scoreThreshold": 0.01, "nmsIou": 0.5}}: the CenterNet-style head's neck width, its output
 * resolution as a multiple of the patch grid (2: stride = patch / 2), and decoding: at most {@code
 * maxDetections} boxes per image above {@code scoreThreshold}, per-class NMS at {@code nmsIou}.
 */
public record DetectionHeadConfig(int channels, int outScale, int maxDetections,
    float scoreThreshold, float nmsIou) implements TaskHeadConfig {
  public DetectionHeadConfig {
    if (channels < 1 || (outScale != 1 && outScale != 2 && outScale != 4) || maxDetections < 1
        || !(scoreThreshold >= 0 && scoreThreshold < 1) || !(nmsIou > 0 && nmsIou <= 1)) {
      throw VitpException.userError("Expected channels >= 1, outScale 1, 2 or 4, maxDetections >= "
          + "1, 0 <= scoreThreshold < 1, 0 < nmsIou <= 1 for the detection head. Received: "
          + "channels=" + channels + ", outScale=" + outScale + ", maxDetections=" + maxDetections
          + ", scoreThreshold=" + scoreThreshold + ", nmsIou=" + nmsIou);
    }
  }

  public DetectionHeadConfig() {
    this(64, 2, 100, 0.01f, 0.5f);
  }

  @JsonCreator
  static DetectionHeadConfig fromJson(@JsonProperty("channels") @Nullable Integer channels,
      @JsonProperty("outScale") @Nullable Integer outScale,
      @JsonProperty("maxDetections") @Nullable Integer maxDetections,
      @JsonProperty("scoreThreshold") @Nullable Float scoreThreshold,
      @JsonProperty("nmsIou") @Nullable Float nmsIou) {
    DetectionHeadConfig d = new DetectionHeadConfig();
    return new DetectionHeadConfig(channels == null ? d.channels() : channels,
        outScale == null ? d.outScale() : outScale,
        maxDetections == null ? d.maxDetections() : maxDetections,
        scoreThreshold == null ? d.scoreThreshold() : scoreThreshold,
        nmsIou == null ? d.nmsIou() : nmsIou);
  }
}
