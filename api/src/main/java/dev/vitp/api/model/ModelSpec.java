package dev.vitp.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A whole ViTP model: the ViT, the pixel-shuffle projector (ratio 0.5: 2×2 patches become one
 * token of 4× the width) and the language decoder ({@code null} for a backbone-only preset), and
 * the decoder the {@code mae} objective pretrains the same ViT with ({@code null}: the preset does
 * not offer MAE).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(String name, VitSpec vit, @Nullable DecoderSpec decoder,
    @Nullable MaeDecoderSpec maeDecoder) {
  public ModelSpec {
    VitSpec.require(decoder == null || vit.grid() % 2 == 0,
        "an even patch grid for pixel shuffle 0.5", "grid=" + vit.grid());
  }

  public ModelSpec(String name, VitSpec vit, @Nullable DecoderSpec decoder) {
    this(name, vit, decoder, null);
  }

  /** Image tokens the language model sees per image before VRL. */
  public int imageTokens() {
    return vit.grid() / 2 * (vit.grid() / 2);
  }

  /** Positions the decoder's table must cover: every image slot's tokens plus the text. */
  public int decoderPositions() {
    return decoder == null ? 0 : decoder.imagesPerSample() * imageTokens() + decoder.textTokens();
  }

  /**
   * Floating-point operations of one training step per image (forward, and backward counted as
   * twice the forward), from the matrix products only: the patch embedding, every linear layer,
   * attention's two products counted dense, the projector, and the decoder over {@code
   * keptImageTokens} image tokens plus the text, with a language head over {@code vocab} words.
   * Norms, activations and the optimiser are left out (a few per cent). Nano at r = 0: 0.53 GFLOP.
   */
  public double trainingFlopsPerImage(int keptImageTokens, int vocab) {
    double c = vit.width();
    double forward = vitForwardFlopsPerImage();
    if (decoder != null) {
      double d = decoder.width();
      double length = keptImageTokens + decoder.textTokens();
      forward += 2.0 * imageTokens() * 4 * c * d + 2.0 * imageTokens() * d * d
          + decoder.depth() * blockFlops(length, d, decoder.mlpRatio())
          + 2.0 * decoder.textTokens() * d * vocab;
    }
    return 3 * forward;
  }

  /**
   * Floating-point operations of the ViT's forward over one image, every token kept (what {@code
   * vitp embed} computes), from the matrix products only: the patch embedding, every linear
   * layer and attention's two products. InternViT-300M at 448 px: about 0.74 TFLOP.
   */
  public double vitForwardFlopsPerImage() {
    double patches = (double) vit.grid() * vit.grid();
    return 2 * patches * 3.0 * vit.patchSize() * vit.patchSize() * vit.width()
        + vit.depth() * blockFlops(vit.tokens(), vit.width(), vit.mlpRatio());
  }

  /** One transformer block over {@code tokens} of width {@code width}: qkv, proj, MLP, attention. */
  private static double blockFlops(double tokens, double width, int mlpRatio) {
    return 2 * tokens * width * 3 * width + 2 * tokens * width * width
        + 2 * 2 * tokens * width * mlpRatio * width + 2 * 2 * tokens * tokens * width;
  }
}
