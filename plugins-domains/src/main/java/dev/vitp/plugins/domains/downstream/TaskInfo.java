package dev.vitp.plugins.domains.downstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.plugins.domains.instruct.Json;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.DownstreamTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes {@code task.json} beside a downstream set: its kind, format, classes and counts. */
public final class TaskInfo {
  private TaskInfo() {}

  public static void write(Path dir, DownstreamTask task, List<String> classes,
      Map<String, Integer> counts, String layout) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("name", task.name()).put("kind", task.kind()).put("format", task.format())
        .put("description", task.description()).put("layout", layout);
    ArrayNode c = n.putArray("classes");
    classes.forEach(c::add);
    ObjectNode s = n.putObject("splits");
    counts.forEach(s::put);
    try {
      Files.createDirectories(dir);
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("task.json").toFile(), n);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable folder. Received: " + dir, e);
    }
  }
}
