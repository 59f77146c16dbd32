package dev.vitp.api.model;

/**
 * The light decoder of masked-autoencoder pretraining (He et al. 2022): transformer blocks over
 * every patch position (encoded visible patches, a learned mask token elsewhere) that predict each
 * masked patch's pixels. It is thrown away after pretraining; only the ViT is exported.
 */
public record MaeDecoderSpec(int width, int depth, int heads, int mlpRatio, float layerNormEps) {
  public MaeDecoderSpec {
    VitSpec.require(width > 0 && heads > 0 && width % heads == 0, "width divisible by heads",
        "width=" + width + ", heads=" + heads);
    VitSpec.require(depth >= 1 && mlpRatio > 0, "depth >= 1 and mlpRatio > 0",
        "depth=" + depth + ", mlpRatio=" + mlpRatio);
  }
}
