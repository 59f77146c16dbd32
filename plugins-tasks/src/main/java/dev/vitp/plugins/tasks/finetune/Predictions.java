package dev.vitp.plugins.tasks.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.plugins.tasks.data.GroundTruth;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.task.TaskBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Detections made elsewhere, read against a split's truth ({@link GroundTruth}):
 *
 * <ul>
 *   <li>a COCO results json, {@code [{"image_id", "category_id", "bbox": [x, y, w, h],
 *       "score"}]}. Against COCO json truth the ids are the json's; against other formats
 *       {@code image_id} is the image file's stem ({@code "P0003"}, or {@code 3} for {@code
 *       3.png}) and {@code category_id} the class's 1-based position in the class list, or its
 *       name.
 *   <li>a folder of DOTA {@code Task1_<class>.txt} files, a line {@code imgname score x1 y1 x2 y2
 *       x3 y3 x4 y4} per oriented detection.
 * </ul>
 *
 * Every detection must name an image and a class of the truth (pycocotools refuses unknown
 * images too); anything else is one user error naming the file and the entry.
 */
public final class Predictions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Predictions() {}

  /** The detections of {@code source} per image file of {@code truth}. */
  public static Map<Path, List<TaskBox>> read(Path source, GroundTruth truth) {
    if (Files.isDirectory(source)) {
      return readDotaTask1(source, truth);
    }
    if (!Files.isRegularFile(source)) {
      throw VitpException.userError("Expected --predictions to name a COCO results json or a "
          + "folder of DOTA Task1_<class>.txt files. Received: " + source + " (does not exist)");
    }
    return readCocoResults(source, truth);
  }

  /**
   * The truth's images in the order they are scored: COCO json images by id (pycocotools'
   * sorted {@code imgIds}, which decides the order of equal scores), others as read.
   */
  public static List<GroundTruth.Image> inScoringOrder(GroundTruth truth) {
    Map<Path, Long> ids = new HashMap<>();
    if (truth.cocoImages() != null) {
      truth.cocoImages().forEach((id, file) -> ids.putIfAbsent(file, id));
    } else {
      return truth.images();
    }
    List<GroundTruth.Image> sorted = new ArrayList<>(truth.images());
    sorted.sort(Comparator.comparingLong(i -> ids.getOrDefault(i.file(), Long.MAX_VALUE)));
    return sorted;
  }

  static Map<Path, List<TaskBox>> readCocoResults(Path file, GroundTruth truth) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw VitpException.userError("Expected a COCO results json. Received: " + file + " ("
          + firstLine(e.getMessage()) + ")", e);
    }
    if (root == null || !root.isArray()) {
      throw VitpException.userError("Expected a COCO results json, an array of {\"image_id\", "
          + "\"category_id\", \"bbox\": [x, y, w, h], \"score\"}. Received: " + file + " holds "
          + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
    }
    Map<String, Path> stems = stems(truth);
    Map<Path, List<TaskBox>> out = new LinkedHashMap<>();
    int n = 0;
    for (JsonNode d : root) {
      n++;
      String where = file + ", result " + n;
      JsonNode b = d.path("bbox");
      if (!b.isArray() || b.size() != 4 || !allNumbers(b) || !d.path("score").isNumber()) {
        throw VitpException.userError("Expected a \"bbox\" of 4 numbers and a numeric \"score\" "
            + "in each result. Received: " + abbreviate(d) + " at " + where);
      }
      double x = b.get(0).asDouble();
      double y = b.get(1).asDouble();
      double w = b.get(2).asDouble();
      double h = b.get(3).asDouble();
      if (w < 0 || h < 0) {
        throw VitpException.userError("Expected bbox [x, y, w, h] with w, h >= 0. Received: "
            + b + " at " + where);
      }
      Path image = cocoImage(d.path("image_id"), truth, stems, where);
      int cls = cocoClass(d.path("category_id"), truth, where);
      out.computeIfAbsent(image, k -> new ArrayList<>()).add(new TaskBox(cls, (float) x,
          (float) y, (float) (x + w), (float) (y + h), (float) d.path("score").asDouble(), null,
          false));
    }
    return out;
  }

  private static Path cocoImage(JsonNode id, GroundTruth truth, Map<String, Path> stems,
      String where) {
    Path image = null;
    if (truth.cocoImages() != null) {
      if (id.canConvertToLong() && id.isIntegralNumber()) {
        image = truth.cocoImages().get(id.asLong());
      }
    } else if (id.isValueNode()) {
      image = stems.get(id.asText());
    }
    if (image == null) {
      throw VitpException.userError("Expected each result's image_id to name an image of the "
          + "truth (" + (truth.cocoImages() != null ? "an id of its COCO json" : "an image file's "
          + "stem") + "). Received: image_id " + id + " at " + where);
    }
    return image;
  }

  private static int cocoClass(JsonNode id, GroundTruth truth, String where) {
    int cls = -1;
    if (truth.cocoCategories() != null) {
      String name = id.isIntegralNumber() ? truth.cocoCategories().get(id.asLong()) : null;
      cls = name == null ? -1 : truth.classId(name);
    } else if (id.isIntegralNumber()) {
      long k = id.asLong();
      cls = k >= 1 && k <= truth.classes().size() ? (int) k - 1 : -1;
    } else if (id.isTextual()) {
      cls = truth.classId(id.asText());
    }
    if (cls < 0) {
      throw VitpException.userError("Expected each result's category_id to name a class of the "
          + "truth (" + (truth.cocoCategories() != null ? "an id of its COCO json's categories "
          + truth.cocoCategories().keySet() : "1.." + truth.classes().size() + " in "
          + truth.classes() + ", or a name") + "). Received: category_id " + id + " at " + where);
    }
    return cls;
  }

  static Map<Path, List<TaskBox>> readDotaTask1(Path folder, GroundTruth truth) {
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(f -> f.getFileName().toString().startsWith("Task1_")
          && f.getFileName().toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable predictions folder. Received: " + folder,
          e);
    }
    if (files.isEmpty()) {
      throw VitpException.userError("Expected DOTA Task1_<class>.txt files in the predictions "
          + "folder. Received: none in " + folder);
    }
    Map<String, Path> stems = stems(truth);
    Map<Path, List<TaskBox>> out = new LinkedHashMap<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      String className = name.substring("Task1_".length(), name.length() - ".txt".length());
      int cls = truth.classId(className);
      if (cls < 0) {
        throw VitpException.userError("Expected Task1_<class>.txt files of the truth's classes "
            + truth.classes() + ". Received: " + f);
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw VitpException.userError("Expected a readable UTF-8 text file. Received: " + f, e);
      }
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n).strip();
        if (line.isEmpty()) {
          continue;
        }
        String where = f + " line " + (n + 1);
        String[] p = line.split("\\s+");
        if (p.length != 10) {
          throw VitpException.userError("Expected 'imgname score x1 y1 x2 y2 x3 y3 x4 y4'. "
              + "Received: '" + abbreviate(line) + "' at " + where);
        }
        Path image = stems.get(p[0]);
        if (image == null) {
          throw VitpException.userError("Expected each line's imgname to be an image of the "
              + "truth. Received: " + p[0] + " at " + where);
        }
        float score = number(p[1], where);
        float[] corners = new float[8];
        for (int i = 0; i < 8; i++) {
          corners[i] = number(p[2 + i], where);
        }
        out.computeIfAbsent(image, k -> new ArrayList<>())
            .add(TaskBox.oriented(cls, corners, false).withScore(score));
      }
    }
    return out;
  }

  /** Image file stem to file; a stem two images share maps to neither. */
  private static Map<String, Path> stems(GroundTruth truth) {
    Map<String, Path> out = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (GroundTruth.Image i : truth.images()) {
      String name = i.file().getFileName().toString();
      int dot = name.lastIndexOf('.');
      String stem = dot > 0 ? name.substring(0, dot) : name;
      out.put(stem, i.file());
      count.merge(stem, 1, Integer::sum);
    }
    count.forEach((stem, c) -> {
      if (c > 1) {
        out.remove(stem);
      }
    });
    return out;
  }

  private static float number(String token, String where) {
    try {
      float v = Float.parseFloat(token);
      if (Float.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw VitpException.userError("Expected a finite number. Received: '" + token + "' at "
        + where);
  }

  private static boolean allNumbers(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
