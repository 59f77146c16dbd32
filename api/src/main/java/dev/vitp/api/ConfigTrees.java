package dev.vitp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Config files as trees, and the layering of trees (defaults, then a file, then flags). */
final class ConfigTrees {
  private ConfigTrees() {}

  /** YAML for {@code .yaml} and {@code .yml}, JSON otherwise; one-line errors. */
  static JsonNode read(Path file) {
    String name = file.getFileName().toString();
    ObjectMapper reader = name.endsWith(".yaml") || name.endsWith(".yml")
        ? new YAMLMapper() : new ObjectMapper();
    if (!Files.isRegularFile(file)) {
      throw VitpException.userError("Expected a config file. Received: " + file
          + " does not exist");
    }
    try {
      JsonNode tree = reader.readTree(file.toFile());
      if (tree == null || !tree.isObject()) {
        throw VitpException.userError("Expected a config object in " + file + ". Received: "
            + (tree == null ? "an empty file" : tree.getNodeType()));
      }
      return tree;
    } catch (IOException e) {
      throw VitpException.userError("Expected valid " + (reader instanceof YAMLMapper ? "YAML"
          : "JSON") + " in " + file + ". Received: " + e.getMessage().lines().findFirst()
          .orElse("error"), e);
    }
  }

  /**
   * Writes {@code layer} over {@code base}: objects merge field by field, except an object with a
   * {@code "type"} (a component config), which replaces what it overrides.
   */
  static void merge(ObjectNode base, JsonNode layer) {
    Iterator<Map.Entry<String, JsonNode>> fields = layer.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isObject() && !value.has("type") && base.get(field.getKey()) instanceof ObjectNode
          nested) {
        merge(nested, value);
      } else {
        base.set(field.getKey(), value.deepCopy());
      }
    }
  }
}
