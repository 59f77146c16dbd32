package dev.vitp.api.model;

import dev.vitp.spi.VitpException;

/**
 * The shape of a Vision Transformer. {@code imageSize} must be a multiple of {@code patchSize};
 * the patch grid is {@code imageSize / patchSize} on each side, plus one CLS token.
 *
 * @param layerScale InternViT's {@code ls1}/{@code ls2} per-channel residual scales
 * @param finalNorm a LayerNorm after the last block (InternViT has none)
 * @param dropPathRate stochastic depth of the last block; spread linearly from 0 over depth
 */
public record VitSpec(
    int imageSize,
    int patchSize,
    int width,
    int depth,
    int heads,
    int mlpRatio,
    boolean qkvBias,
    boolean layerScale,
    float layerScaleInit,
    boolean finalNorm,
    float layerNormEps,
    float dropPathRate) {

  public VitSpec {
    require(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
        "imageSize a positive multiple of patchSize", "imageSize=" + imageSize + ", patchSize=" + patchSize);
    require(width > 0 && heads > 0 && width % heads == 0, "width divisible by heads",
        "width=" + width + ", heads=" + heads);
    require(depth >= 1 && mlpRatio > 0, "depth >= 1 and mlpRatio > 0",
        "depth=" + depth + ", mlpRatio=" + mlpRatio);
    require(layerNormEps > 0, "layerNormEps > 0", "layerNormEps=" + layerNormEps);
    require(dropPathRate >= 0 && dropPathRate < 1, "dropPathRate in [0, 1)",
        "dropPathRate=" + dropPathRate);
  }

  /** Patches per side. */
  public int grid() {
    return imageSize / patchSize;
  }

  /** Tokens out of the ViT: CLS plus the patch grid. */
  public int tokens() {
    return 1 + grid() * grid();
  }

  /** The same spec for another input resolution (position grid is resized on load). */
  public VitSpec withImageSize(int newImageSize) {
    return new VitSpec(newImageSize, patchSize, width, depth, heads, mlpRatio, qkvBias, layerScale,
        layerScaleInit, finalNorm, layerNormEps, dropPathRate);
  }

  public VitSpec withPatchSize(int newPatchSize) {
    return new VitSpec(imageSize / patchSize * newPatchSize, newPatchSize, width, depth, heads,
        mlpRatio, qkvBias, layerScale, layerScaleInit, finalNorm, layerNormEps, dropPathRate);
  }

  public VitSpec withDropPathRate(float rate) {
    return new VitSpec(imageSize, patchSize, width, depth, heads, mlpRatio, qkvBias, layerScale,
        layerScaleInit, finalNorm, layerNormEps, rate);
  }

  static void require(boolean ok, String expected, String received) {
    if (!ok) {
      throw VitpException.userError("Expected " + expected + ". Received: " + received);
    }
  }
}
