package dev.vitp.plugins.domains.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitp.plugins.domains.instruct.Json;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a COCO instances file into images with their objects, for the tests that check what the
 * generator writes (the loader that fine-tuning uses is plugins-tasks' CocoJson, which this
 * module cannot see).
 */
public final class CocoReader {
  private CocoReader() {}

  /** An image of a COCO file with its objects. */
  public record Image(int id, String fileName, int width, int height, List<Detection> objects) {}

  public static List<Image> read(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw VitpException.userError("Expected a COCO json file. Received: file=" + file, e);
    }
    Map<Integer, String> cats = new HashMap<>();
    for (JsonNode c : root.path("categories")) {
      cats.put(c.path("id").asInt(), c.path("name").asText());
    }
    Map<Integer, List<Detection>> byImage = new HashMap<>();
    for (JsonNode a : root.path("annotations")) {
      JsonNode b = a.path("bbox");
      if (b.size() != 4) {
        throw VitpException.userError("Expected bbox [x, y, w, h] in " + file + ". Received: " + a);
      }
      double x = b.get(0).asDouble();
      double y = b.get(1).asDouble();
      double w = b.get(2).asDouble();
      double h = b.get(3).asDouble();
      double[] obb = {x, y, x + w, y, x + w, y + h, x, y + h};
      JsonNode seg = a.path("segmentation");
      if (seg.isArray() && seg.size() == 1 && seg.get(0).size() == 8) {
        for (int i = 0; i < 8; i++) {
          obb[i] = seg.get(0).get(i).asDouble();
        }
      }
      String cat = cats.get(a.path("category_id").asInt());
      if (cat == null) {
        throw VitpException.userError("Expected a known category_id in " + file + ". Received: " + a);
      }
      byImage.computeIfAbsent(a.path("image_id").asInt(), k -> new ArrayList<>())
          .add(new Detection(cat, x, y, x + w, y + h, obb, 0, a.path("area").asLong()));
    }
    Map<Integer, Image> images = new LinkedHashMap<>();
    for (JsonNode i : root.path("images")) {
      int id = i.path("id").asInt();
      images.put(id, new Image(id, i.path("file_name").asText(), i.path("width").asInt(),
          i.path("height").asInt(), byImage.getOrDefault(id, List.of())));
    }
    return new ArrayList<>(images.values());
  }
}
