package dev.vitp.plugins.tasks.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Optional class metadata at the dataset root, first found wins: {@code classes.json} ({@code
 * {"classes": [...], "palette": [[r, g, b], ...], "reduce_zero_label": false}}), the {@code
 * task.json} the synthetic domain generators write ({@code "classes"}), or {@code classes.txt}
 * (one name per line).
 */
record ClassFile(List<String> classes, @Nullable Map<Integer, Integer> palette,
    boolean reduceZeroLabel) {
  static @Nullable ClassFile read(Path root) {
    for (String name : List.of("classes.json", "task.json")) {
      Path f = root.resolve(name);
      if (Files.isRegularFile(f)) {
        JsonNode n;
        try {
          n = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
          throw VitpException.userError("Expected a readable JSON file. Received: " + f + " ("
              + e.getMessage() + ")", e);
        }
        if (n == null || !n.path("classes").isArray() || n.path("classes").isEmpty()) {
          continue;
        }
        List<String> classes = new ArrayList<>();
        n.path("classes").forEach(c -> classes.add(c.asText()));
        Map<Integer, Integer> palette = null;
        if (n.path("palette").isArray()) {
          List<int[]> rgb = new ArrayList<>();
          for (JsonNode c : n.path("palette")) {
            if (!c.isArray() || c.size() != 3) {
              throw VitpException.userError("Expected palette entries [r, g, b]. Received: " + c
                  + " in " + f);
            }
            rgb.add(new int[] {c.get(0).asInt(), c.get(1).asInt(), c.get(2).asInt()});
          }
          palette = MaskCoding.table(rgb);
        }
        return new ClassFile(classes, palette, n.path("reduce_zero_label").asBoolean(false));
      }
    }
    Path txt = root.resolve("classes.txt");
    if (Files.isRegularFile(txt)) {
      try {
        List<String> classes = Files.readAllLines(txt, StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return classes.isEmpty() ? null : new ClassFile(classes, null, false);
      } catch (IOException e) {
        throw VitpException.userError("Expected a readable classes.txt. Received: " + txt, e);
      }
    }
    return null;
  }
}
