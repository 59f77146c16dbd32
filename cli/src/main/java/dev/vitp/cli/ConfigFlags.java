package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.VitpException;
import java.io.IOException;

/** How a flag names a component: config JSON, or a bare name for its defaults. */
final class ConfigFlags {
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
}
