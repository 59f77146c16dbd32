package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.image.ImageLimits;
import java.io.IOException;

/** How a flag names a component: config JSON, or a bare name for its defaults. */
final class ConfigFlags {
  /** The help of {@code --max-image-pixels}, the same on every command that decodes images. */
  static final String MAX_IMAGE_PIXELS = "Decoding bound, like PIL's MAX_IMAGE_PIXELS: an image "
      + "of more pixels, or a NIfTI volume of more voxels, is a bad file (skipped and counted, or "
      + "a stop under fail), checked from its header before any allocation ("
      + ImageLimits.DEFAULT_MAX_PIXELS + ").";

  private ConfigFlags() {}

  /** {@code '{"type":"uniform","ratio":0.5}'} as is; {@code none} as {@code {"type":"none"}}. */
  static JsonNode component(ObjectMapper json, String flag, String value) {
    String text = value.strip();
    if (!text.startsWith("{")) {
      return json.createObjectNode().put("type", text);
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw VitpException.userError("Expected a config JSON object or a name for " + flag
          + ". Received: " + value + " (" + e.getMessage().lines().findFirst().orElse("") + ")",
          e);
    }
  }

  /** The config a {@code --backend} flag names (a name or config JSON; {@code auto} stays auto). */
  static BackendConfig backendConfig(Vitp vitp, String value) {
    return vitp.readConfig(component(vitp.objectMapper(), "--backend", value).toString(),
        BackendConfig.class);
  }

  /**
   * The backend a {@code --backend} flag names, which must have {@code needed}: a command that
   * trains refuses an inference-only backend here, with one line naming the capability (exit 3),
   * before any folder or work.
   */
  static Backend backend(Vitp vitp, String value, Capability needed, String purpose) {
    return vitp.backend(backendConfig(vitp, value), needed, purpose);
  }
}
