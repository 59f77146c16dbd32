package dev.vitp.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The causal language decoder: pre-norm transformer blocks over {@code [image tokens; text
 * tokens]} with learned positions, a final LayerNorm and an output head over the vocabulary.
 *
 * @param textTokens the longest text sequence (prompt and answer) in tokens
 * @param imagesPerSample the most images one conversation shows (the two dates of a change
 *     question, say); image {@code j} of a sample takes positions {@code j·N .. (j+1)·N - 1}, and
 *     text starts after the last slot
 */
public record DecoderSpec(int width, int depth, int heads, int mlpRatio, int textTokens,
    float layerNormEps, int imagesPerSample) {
  public DecoderSpec {
    VitSpec.require(width > 0 && heads > 0 && width % heads == 0, "width divisible by heads",
        "width=" + width + ", heads=" + heads);
    VitSpec.require(depth >= 0 && mlpRatio > 0 && textTokens > 1 && imagesPerSample >= 1,
        "depth >= 0, mlpRatio > 0, textTokens > 1, imagesPerSample >= 1",
        "depth=" + depth + ", mlpRatio=" + mlpRatio + ", textTokens=" + textTokens
            + ", imagesPerSample=" + imagesPerSample);
  }

  /** Runs saved before multi-image samples had one image slot; their metadata lacks the field. */
  @JsonCreator
  static DecoderSpec fromJson(@JsonProperty("width") int width, @JsonProperty("depth") int depth,
      @JsonProperty("heads") int heads, @JsonProperty("mlpRatio") int mlpRatio,
      @JsonProperty("textTokens") int textTokens, @JsonProperty("layerNormEps") float layerNormEps,
      @JsonProperty("imagesPerSample") @Nullable Integer imagesPerSample) {
    return new DecoderSpec(width, depth, heads, mlpRatio, textTokens, layerNormEps,
        imagesPerSample == null ? 1 : imagesPerSample);
  }
}
