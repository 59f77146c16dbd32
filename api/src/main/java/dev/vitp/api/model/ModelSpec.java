package dev.vitp.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A whole ViTP model: the ViT, the pixel-shuffle projector (ratio 0.5: 2×2 patches become one
 * token of 4× the width) and the language decoder ({@code null} for a backbone-only preset).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(String name, VitSpec vit, @Nullable DecoderSpec decoder) {
  public ModelSpec {
    VitSpec.require(decoder == null || vit.grid() % 2 == 0,
        "an even patch grid for pixel shuffle 0.5", "grid=" + vit.grid());
  }

  /** Image tokens the language model sees per image before VRL. */
  public int imageTokens() {
    return vit.grid() / 2 * (vit.grid() / 2);
  }

  /** Positions the decoder's table must cover: every image slot's tokens plus the text. */
  public int decoderPositions() {
    return decoder == null ? 0 : decoder.imagesPerSample() * imageTokens() + decoder.textTokens();
  }
}
