package dev.vitp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.runtime.LoadedPlugin;
import dev.vitp.api.runtime.Registration;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The resolved config a run keeps in its folder ({@code run.json}, {@code finetune.json}). */
final class SavedConfigs {
  private SavedConfigs() {}

  /**
   * {@code config} as a tree with every default filled in, plus {@value RunConfig#PLUGINS}: for
   * each of {@code components} (kind to its config), which plugin (id, version, jar) built it.
   */
  static ObjectNode resolved(Vitp vitp, Object config, Map<ComponentKind, Object> components) {
    ObjectMapper json = vitp.objectMapper();
    ObjectNode tree = json.valueToTree(config);
    ObjectNode plugins = tree.putObject(RunConfig.PLUGINS);
    components.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Registration registration = vitp.runtime().registry().forConfig(e.getKey(), e.getValue());
      LoadedPlugin origin = registration.origin();
      String version = origin.plugin().getClass().getPackage().getImplementationVersion();
      plugins.putObject(e.getKey().key()).put("name", registration.name())
          .put("plugin", origin.id()).put("version", version == null ? "unversioned" : version)
          .put("location", origin.location());
    });
    return tree;
  }

  /** Writes {@code tree} as pretty JSON, atomically, creating the folder. */
  static void write(Path file, JsonNode tree, ObjectMapper json) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file,
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable run folder. Received: " + file
          + " (" + e + ")", e);
    }
  }
}
