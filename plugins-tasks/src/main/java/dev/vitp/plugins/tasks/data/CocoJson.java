package dev.vitp.plugins.tasks.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * COCO instances json (DIOR-COCO, SARDet-100K, SSDD): {@code split/<name>.json} (or {@code
 * split/annotations/<name>.json}) and images under {@code split/images/} or beside the json.
 * Detection reads {@code bbox [x, y, w, h]}; crowd and {@code ignore} objects are kept as
 * difficult (ignored by the metrics). Segmentation rasterises the polygon {@code segmentation}
 * into class ids (background 0, category i → i + 1). RLE masks are not supported: reading them
 * for segmentation is an UNSUPPORTED error, not a skip.
 */
final class CocoJson implements DatasetFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskKind kind;
  private final Map<Path, JsonNode> parsed = new HashMap<>();

  CocoJson(TaskKind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return "coco";
  }

  @Override
  public TaskKind kind() {
    return kind;
  }

  @Override
  public String description() {
    return "split/*.json (COCO instances: images, annotations, categories) + split/images/"
        + (kind == TaskKind.SEGMENTATION ? ", polygons rasterised to class ids" : ", bbox");
  }

  /**
   * The instances json of a split, or null: {@code split/*.json}, {@code split/annotations/*.json},
   * or COCO's own layout beside the split folders, {@code annotations/instances_<split>*.json}.
   */
  static @Nullable Path annotationFile(Path split) {
    List<Path> candidates = new ArrayList<>(Pixels.files(split));
    candidates.addAll(Pixels.files(split.resolve("annotations")));
    Path parent = split.toAbsolutePath().getParent();
    if (parent != null) {
      String name = split.getFileName().toString();
      for (Path f : Pixels.files(parent.resolve("annotations"))) {
        String n = f.getFileName().toString();
        if (n.startsWith("instances_" + name) || n.startsWith(name + ".")
            || n.startsWith(name + "_")) {
          candidates.add(f);
        }
      }
    }
    for (Path f : candidates) {
      if (Pixels.extension(f).equals("json") && looksLikeCoco(f)) {
        return f;
      }
    }
    return null;
  }

  private static boolean looksLikeCoco(Path f) {
    try (var in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(1 << 16);
      String s = new String(head, java.nio.charset.StandardCharsets.UTF_8);
      return s.contains("\"images\"") || s.contains("\"annotations\"")
          || s.contains("\"categories\"");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean detect(Path split) {
    return annotationFile(split) != null;
  }

  private JsonNode root(Path file) {
    JsonNode cached = parsed.get(file);
    if (cached != null) {
      return cached;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw VitpException.userError("Expected a COCO json file. Received: " + file + " ("
          + e.getMessage() + ")", e);
    }
    if (root == null || !root.path("images").isArray() || !root.path("categories").isArray()) {
      throw VitpException.userError("Expected a COCO json object with 'images', 'annotations' and "
          + "'categories' arrays. Received: " + file);
    }
    parsed.put(file, root);
    return root;
  }

  private Map<Long, String> categories(Path file) {
    Map<Long, String> out = new java.util.TreeMap<>();
    for (JsonNode c : root(file).path("categories")) {
      if (!c.path("id").canConvertToLong() || !c.path("name").isTextual()) {
        throw VitpException.userError("Expected categories with a numeric 'id' and a 'name'. "
            + "Received: " + c + " in " + file);
      }
      out.put(c.path("id").asLong(), c.path("name").asText());
    }
    return out;
  }

  @Override
  public @Nullable List<String> declaredClasses(Path split) {
    Path file = annotationFile(split);
    if (file == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    if (kind == TaskKind.SEGMENTATION) {
      names.add("background");
    }
    names.addAll(categories(file).values());
    return names;
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    Path file = annotationFile(split);
    if (file == null) {
      return List.of();
    }
    JsonNode root = root(file);
    Map<Long, String> cats = categories(file);
    Map<Long, Path> images = images(split, file, skips);
    Map<Long, List<JsonNode>> anns = new HashMap<>();
    for (Long id : images.keySet()) {
      anns.put(id, new ArrayList<>());
    }
    for (JsonNode a : root.path("annotations")) {
      List<JsonNode> list = anns.get(a.path("image_id").asLong(Long.MIN_VALUE));
      if (list == null) {
        skips.skip(String.valueOf(file), BadFile.BAD_ANNOTATION,
            "an annotation of an unknown image_id: "
            + abbreviate(a));
      } else {
        list.add(a);
      }
    }
    List<Item> items = new ArrayList<>();
    for (Map.Entry<Long, Path> e : images.entrySet()) {
      List<JsonNode> list = anns.get(e.getKey());
      try {
        if (kind == TaskKind.DETECTION) {
          items.add(new BoxEntry(e.getValue(), file, boxes(file, list, cats)));
        } else {
          items.add(new PolygonEntry(e.getValue(), file, list, cats));
        }
      } catch (BadFile b) {
        b.skipIn(skips);
      }
    }
    return items;
  }

  /** The images of a split's json by id, in the json's order, as {@link #scan} finds them. */
  private Map<Long, Path> images(Path split, Path file, SkipLog<String> skips) {
    Path imageDir = Files.isDirectory(split.resolve("images")) ? split.resolve("images")
        : file.startsWith(split) ? file.getParent() : split;
    Map<Long, Path> images = new LinkedHashMap<>();
    for (JsonNode img : root(file).path("images")) {
      if (!img.path("id").canConvertToLong() || !img.path("file_name").isTextual()) {
        skips.skip(String.valueOf(file), BadFile.BAD_ANNOTATION,
            "an image without a numeric 'id' and a "
            + "'file_name': " + abbreviate(img));
        continue;
      }
      String name = img.path("file_name").asText();
      Path p = imageDir.resolve(name);
      if (!Files.isRegularFile(p) && Files.isRegularFile(split.resolve(name))) {
        p = split.resolve(name);
      }
      images.put(img.path("id").asLong(), p);
    }
    return images;
  }

  /**
   * What a COCO results file refers to in a split: {@code image_id} to the image file that
   * {@link #scan} lists, {@code category_id} to its category's name.
   */
  record Ids(Map<Long, Path> images, Map<Long, String> categories) {}

  Ids ids(Path split) {
    Path file = annotationFile(split);
    if (file == null) {
      throw VitpException.userError("Expected a COCO json in " + split + ". Received: none");
    }
    return new Ids(images(split, file, SkipLog.ofFiles(BadRecordPolicy.SKIP)),
        categories(file));
  }

  private static List<BoxEntry.NamedBox> boxes(Path file, List<JsonNode> anns,
      Map<Long, String> cats) {
    List<BoxEntry.NamedBox> out = new ArrayList<>();
    for (JsonNode a : anns) {
      String cls = cats.get(a.path("category_id").asLong(Long.MIN_VALUE));
      JsonNode b = a.path("bbox");
      if (cls == null) {
        throw new BadFile(file, BadFile.UNKNOWN_CLASS, "category_id "
            + a.path("category_id") + " of annotation " + a.path("id"));
      }
      if (!b.isArray() || b.size() != 4 || !b.get(0).isNumber() || !b.get(1).isNumber()
          || !b.get(2).isNumber() || !b.get(3).isNumber() || b.get(2).asDouble() < 0
          || b.get(3).asDouble() < 0) {
        throw new BadFile(file, BadFile.BAD_ANNOTATION, "annotation " + a.path("id")
            + " has bbox " + b + ", expected [x, y, w, h] with w, h >= 0");
      }
      float x = (float) b.get(0).asDouble();
      float y = (float) b.get(1).asDouble();
      float w = (float) b.get(2).asDouble();
      float h = (float) b.get(3).asDouble();
      boolean difficult = a.path("iscrowd").asInt(0) == 1 || a.path("ignore").asInt(0) == 1;
      out.add(new BoxEntry.NamedBox(cls, new float[] {x, y, x + w, y + h}, false, difficult));
    }
    return out;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  /** An image whose polygons become a class-id mask. */
  private record PolygonEntry(Path file, Path annotation, List<JsonNode> anns,
      Map<Long, String> cats) implements Item {
    @Override
    public List<String> classNames() {
      return List.of();
    }

    @Override
    public List<TaskSample> load(Context c) {
      DecodedImage img = Pixels.decode(file, c.maxPixels());
      int w = img.width();
      int h = img.height();
      int[] ids = new int[w * h];
      List<Long> catIds = new ArrayList<>(cats.keySet());
      for (JsonNode a : anns) {
        int cls = catIds.indexOf(a.path("category_id").asLong(Long.MIN_VALUE)) + 1;
        if (cls == 0) {
          throw new BadFile(annotation, BadFile.UNKNOWN_CLASS, "category_id "
              + a.path("category_id") + " of annotation " + a.path("id"));
        }
        JsonNode seg = a.path("segmentation");
        if (seg.isObject()) {
          throw VitpException.unsupported("Expected polygon segmentations in COCO json; RLE masks "
              + "are not supported. Received: an RLE 'segmentation' in annotation " + a.path("id")
              + " of " + annotation + " (convert RLE to polygons, or train detection, which reads "
              + "'bbox')");
        }
        if (!seg.isArray()) {
          throw new BadFile(annotation, BadFile.BAD_ANNOTATION, "annotation " + a.path("id")
              + " has no polygon 'segmentation'");
        }
        for (JsonNode poly : seg) {
          if (!poly.isArray() || poly.size() < 6 || poly.size() % 2 != 0) {
            throw new BadFile(annotation, BadFile.BAD_ANNOTATION, "annotation " + a.path("id")
                + " has a polygon of " + poly.size() + " numbers, expected an even count >= 6");
          }
          double[] pts = new double[poly.size()];
          for (int i = 0; i < pts.length; i++) {
            pts[i] = poly.get(i).asDouble();
          }
          fill(ids, w, h, pts, cls);
        }
      }
      return List.of(MaskFolders.Entry.segmentationSample(c, img, ids));
    }
  }

  /** Sets every pixel whose centre lies inside the polygon (even-odd rule) to {@code value}. */
  static void fill(int[] ids, int w, int h, double[] pts, int value) {
    int n = pts.length / 2;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minY = Math.min(minY, pts[2 * i + 1]);
      maxY = Math.max(maxY, pts[2 * i + 1]);
    }
    int y0 = Math.max(0, (int) Math.floor(minY));
    int y1 = Math.min(h - 1, (int) Math.ceil(maxY));
    double[] xs = new double[n];
    for (int y = y0; y <= y1; y++) {
      double cy = y + 0.5;
      int k = 0;
      for (int i = 0; i < n; i++) {
        double ax = pts[2 * i];
        double ay = pts[2 * i + 1];
        double bx = pts[2 * ((i + 1) % n)];
        double by = pts[2 * ((i + 1) % n) + 1];
        if ((ay <= cy) != (by <= cy)) {
          xs[k++] = ax + (cy - ay) / (by - ay) * (bx - ax);
        }
      }
      java.util.Arrays.sort(xs, 0, k);
      for (int i = 0; i + 1 < k; i += 2) {
        int from = Math.max(0, (int) Math.ceil(xs[i] - 0.5));
        int to = Math.min(w - 1, (int) Math.floor(xs[i + 1] - 0.5));
        for (int x = from; x <= to; x++) {
          ids[y * w + x] = value;
        }
      }
    }
  }

}
