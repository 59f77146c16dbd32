package dev.vitp.api.model;

/**
 * The causal language decoder: pre-norm transformer blocks over {@code [image tokens; text
 * tokens]} with learned positions, a final LayerNorm and an output head over the vocabulary.
 *
 * @param textTokens the longest text sequence (prompt and answer) in tokens
 */
public record DecoderSpec(int width, int depth, int heads, int mlpRatio, int textTokens,
    float layerNormEps) {
  public DecoderSpec {
    VitSpec.require(width > 0 && heads > 0 && width % heads == 0, "width divisible by heads",
        "width=" + width + ", heads=" + heads);
    VitSpec.require(depth >= 0 && mlpRatio > 0 && textTokens > 1,
        "depth >= 0, mlpRatio > 0, textTokens > 1",
        "depth=" + depth + ", mlpRatio=" + mlpRatio + ", textTokens=" + textTokens);
  }
}
