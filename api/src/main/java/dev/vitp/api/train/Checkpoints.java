package dev.vitp.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.toolkit.io.AtomicFiles;
import dev.vitp.toolkit.safetensors.SafeTensors;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Run checkpoints: {@code checkpoint-<step>.safetensors} holds every session parameter (model and
 * optimizer state) and {@code checkpoint.json} names the latest complete one with the run's spec.
 * Both are written atomically and the JSON last, so an interrupted save leaves the previous
 * checkpoint intact.
 */
public final class Checkpoints {
  public static final String POINTER = "checkpoint.json";

  private final ObjectMapper json;

  public Checkpoints(ObjectMapper json) {
    this.json = json;
  }

  /** A checkpoint on disk: its step, weights file and the JSON it was saved with. */
  public record Saved(long step, Path weights, JsonNode meta) {}

  /** Saves all parameters of {@code session} at {@code step}; {@code meta} is stored alongside. */
  public Saved save(Path runDir, BackendSession session, long step, ObjectNode meta) {
    Map<String, SafeTensors.FloatTensor> tensors = new LinkedHashMap<>();
    for (Parameter p : session.parameters()) {
      tensors.put(p.name(), new SafeTensors.FloatTensor(p.shape(), p.read()));
    }
    String weightsName = "checkpoint-" + step + ".safetensors";
    Path weights = runDir.resolve(weightsName);
    SafeTensors.write(weights, tensors, Map.of("format", "vitp", "step", Long.toString(step)));
    ObjectNode pointer = meta.deepCopy();
    pointer.put("step", step);
    pointer.put("weights", weightsName);
    byte[] bytes = toBytes(pointer);
    AtomicFiles.write(runDir.resolve(POINTER), bytes);
    deleteOlder(runDir, weightsName);
    return new Saved(step, weights, pointer);
  }

  /** The latest checkpoint of a run, validated, or a clear error if there is none. */
  public Saved latest(Path runDir) {
    Path pointer = runDir.resolve(POINTER);
    if (!Files.isRegularFile(pointer)) {
      throw VitpException.userError("Expected a pretraining run folder with a checkpoint. "
          + "Received: no " + POINTER + " in " + runDir
          + (Files.isDirectory(runDir) ? "" : " (no such folder)"));
    }
    JsonNode meta;
    try {
      meta = json.readTree(Files.readString(pointer, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw VitpException.userError("Expected valid JSON in " + pointer + ". Received: "
          + e.getMessage(), e);
    }
    if (meta == null || !meta.path("step").canConvertToLong() || !meta.path("weights").isTextual()) {
      throw VitpException.userError("Expected \"step\" and \"weights\" in " + pointer
          + ". Received: " + meta);
    }
    Path weights = runDir.resolve(meta.get("weights").asText()).normalize();
    if (!weights.startsWith(runDir.normalize())) {
      throw VitpException.userError("Expected the weights file inside the run folder. Received: "
          + "weights=" + meta.get("weights").asText());
    }
    return new Saved(meta.get("step").asLong(), weights, meta);
  }

  /**
   * Loads every parameter of {@code session} from a weights file. Missing or extra tensors and
   * shape mismatches fail with the names involved; nothing is half-loaded into the session.
   */
  public static void restore(BackendSession session, Path weights) {
    try (SafeTensorsFile file = SafeTensorsFile.open(weights)) {
      TreeSet<String> missing = new TreeSet<>();
      List<String> mismatched = new ArrayList<>();
      for (Parameter p : session.parameters()) {
        if (!file.contains(p.name())) {
          missing.add(p.name());
        } else if (!file.entry(p.name()).shape().equals(p.shape())) {
          mismatched.add(p.name() + " " + file.entry(p.name()).shape() + " != " + p.shape());
        }
      }
      TreeSet<String> extra = new TreeSet<>(file.names());
      session.parameters().forEach(p -> extra.remove(p.name()));
      if (!missing.isEmpty() || !mismatched.isEmpty() || !extra.isEmpty()) {
        throw VitpException.userError("Expected the checkpoint to match the model. Received: "
            + "file=" + weights + ", missing=" + abbreviate(missing) + ", unexpected="
            + abbreviate(extra) + ", shapeMismatches=" + mismatched);
      }
      for (Parameter p : session.parameters()) {
        p.write(file.floats(p.name()));
      }
    }
  }

  private byte[] toBytes(JsonNode node) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw VitpException.internal("Could not serialise checkpoint metadata: " + e);
    }
  }

  private static void deleteOlder(Path runDir, String keep) {
    try (Stream<Path> files = Files.list(runDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.startsWith("checkpoint-") && n.endsWith(".safetensors") && !n.equals(keep)) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // Older checkpoints are only disk space; the pointer already names the new one.
    }
  }

  private static String abbreviate(TreeSet<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 6 ? list.toString() : list.subList(0, 6) + " … (" + list.size() + ")";
  }
}
