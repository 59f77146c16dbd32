package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
import java.util.List;

/**
 * The named model presets shared by every backend and the benchmarks (ARCHITECTURE.md): MLP ratio
 * 4, LayerNorm eps 1e-6, exact GELU, learned position embeddings.
 */
public final class Presets {
  private static final float EPS = 1e-6f;

  private Presets() {}

  public static List<String> names() {
    return List.of("nano", "tiny", "internvit-300m");
  }

  public static ModelSpec get(String name) {
    return switch (name) {
      case "nano" -> new ModelSpec("nano",
          new VitSpec(64, 8, 128, 4, 4, 4, true, false, 0f, false, EPS, 0f),
          new DecoderSpec(128, 2, 4, 4, 48, EPS, 2), new MaeDecoderSpec(96, 2, 4, 4, EPS));
      case "tiny" -> new ModelSpec("tiny",
          new VitSpec(96, 8, 192, 6, 3, 4, true, false, 0f, false, EPS, 0f),
          new DecoderSpec(256, 4, 4, 4, 64, EPS, 2), new MaeDecoderSpec(128, 2, 4, 4, EPS));
      case "internvit-300m" -> new ModelSpec("internvit-300m",
          new VitSpec(448, 14, 1024, 24, 16, 4, true, true, 0.1f, false, EPS, 0.1f), null,
          new MaeDecoderSpec(512, 8, 16, 4, EPS)); // MAE's ViT-L decoder
      default -> throw VitpException.userError(
          "Unknown preset [" + name + "]; known options " + names());
    };
  }
}
