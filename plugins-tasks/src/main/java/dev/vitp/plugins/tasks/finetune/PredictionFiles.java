package dev.vitp.plugins.tasks.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vitp.plugins.tasks.data.SceneFiles;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes what {@code vitp predict} predicts, in the formats other tools read, under the output
 * folder (paths mirror the input's, relative to {@code --images}, with {@code .png}):
 *
 * <ul>
 *   <li>classification: {@code predictions.csv} ({@code file,label,class,p_<class>…}) and
 *       {@code predictions.json} ({@code [{"file", "label", "class", "probabilities": {class:
 *       p}}]});
 *   <li>segmentation: {@code masks/<image>.png}, an 8-bit indexed PNG at the image's size whose
 *       index is the class id and whose palette is the class colours ({@link
 *       SceneFiles#palette});
 *   <li>change detection: {@code masks/<stem of date A>.png}, 8-bit grey, 0 unchanged, 255
 *       changed (LEVIR-CD's label coding);
 *   <li>detection: {@code coco_results.json} ({@code [{"image_id": file stem, "category_id":
 *       1-based class, "bbox": [x, y, w, h], "score"}]}), and for oriented models {@code
 *       dota/Task1_<class>.txt} ({@code imgname score x1 y1 … x4 y4}), one file per class;
 *   <li>every task: {@code overlays/<image>.png}, the image (enlarged by a whole factor to at
 *       least 256 px where smaller) with the mask blended at 50 %, changed pixels in red, boxes
 *       of score ≥ 0.3 (mmdetection's display threshold) with class and score, or the label and
 *       its probability.
 * </ul>
 */
final class PredictionFiles {
  static final float OVERLAY_MIN_SCORE = 0.3f;
  private static final int OVERLAY_MIN_SIDE = 256;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path out;
  private final Path images;
  private final TaskKind kind;
  private final TaskInfo info;
  private final int[] palette;
  private final Map<String, List<Path>> written = new LinkedHashMap<>();
  private final List<Map<String, Object>> labels = new ArrayList<>();
  private final StringBuilder csv = new StringBuilder();
  private final List<Map<String, Object>> coco = new ArrayList<>();
  private final List<StringBuilder> task1 = new ArrayList<>();

  PredictionFiles(Path out, Path images, TaskKind kind, TaskInfo info, int[] palette) {
    this.out = out;
    this.images = images;
    this.kind = kind;
    this.info = info;
    this.palette = palette.clone();
    csv.append("file,label,class");
    for (String c : info.classes()) {
      csv.append(",p_").append(csvField(c));
    }
    csv.append('\n');
    for (int i = 0; i < info.numClasses(); i++) {
      task1.add(new StringBuilder());
    }
  }

  /** The input's path relative to {@code --images}, with {@code /} separators. */
  private String relative(Path file) {
    return images.relativize(file).toString().replace('\\', '/');
  }

  /** {@code folder/<relative path without extension>.png}. */
  private Path png(String folder, Path file) {
    String rel = relative(file);
    String name = file.getFileName().toString();
    String stem = SceneFiles.stem(file);
    return out.resolve(folder).resolve(rel.substring(0, rel.length() - name.length()) + stem
        + ".png");
  }

  void label(Path file, DecodedImage image, TaskPrediction p) {
    float[] probs = java.util.Objects.requireNonNull(p.probabilities());
    String name = info.classes().get(p.label());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("file", relative(file));
    row.put("label", p.label());
    row.put("class", name);
    Map<String, Float> byClass = new LinkedHashMap<>();
    csv.append(csvField(relative(file))).append(',').append(p.label()).append(',')
        .append(csvField(name));
    for (int c = 0; c < probs.length; c++) {
      byClass.put(info.classes().get(c), probs[c]);
      csv.append(',').append(probs[c]);
    }
    csv.append('\n');
    row.put("probabilities", byClass);
    labels.add(row);
    BufferedImage overlay = enlarged(image);
    Graphics2D g = graphics(overlay);
    caption(g, 2, 2, String.format(Locale.ROOT, "%s %.2f", name, probs[p.label()]),
        new Color(palette[p.label() % palette.length]));
    g.dispose();
    writePng("overlays", png("overlays", file), overlay);
  }

  void mask(Path file, DecodedImage image, LabelImage ids) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < palette.length && i < 256; i++) {
      r[i] = (byte) (palette[i] >> 16);
      g[i] = (byte) (palette[i] >> 8);
      b[i] = (byte) palette[i];
    }
    BufferedImage indexed = new BufferedImage(ids.width(), ids.height(),
        BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
    indexed.getRaster().setSamples(0, 0, ids.width(), ids.height(), 0, ids.values());
    writePng("masks", png("masks", file), indexed);
    BufferedImage overlay = rgb(image);
    int[] v = ids.values();
    for (int i = 0; i < v.length; i++) {
      int c = palette[Math.min(v[i], palette.length - 1)];
      overlay.setRGB(i % ids.width(), i / ids.width(),
          blend(overlay.getRGB(i % ids.width(), i / ids.width()), c));
    }
    writePng("overlays", png("overlays", file), enlarged(overlay));
  }

  void change(Path dateA, DecodedImage a, DecodedImage b, LabelImage ids) {
    BufferedImage grey = new BufferedImage(ids.width(), ids.height(),
        BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = grey.getRaster();
    int[] v = ids.values();
    int[] coded = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      coded[i] = v[i] != 0 ? 255 : 0;
    }
    raster.setSamples(0, 0, ids.width(), ids.height(), 0, coded);
    Path name = out.resolve("masks").resolve(SceneFiles.stem(dateA) + ".png");
    writePng("masks", name, grey);
    BufferedImage overlay = rgb(b);
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0) {
        overlay.setRGB(i % ids.width(), i / ids.width(),
            blend(overlay.getRGB(i % ids.width(), i / ids.width()), 0xff0000));
      }
    }
    writePng("overlays", out.resolve("overlays").resolve(SceneFiles.stem(dateA) + ".png"),
        enlarged(overlay));
  }

  void boxes(Path file, DecodedImage image, List<TaskBox> boxes) {
    String stem = SceneFiles.stem(file);
    for (TaskBox box : boxes) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("image_id", stem);
      d.put("category_id", box.cls() + 1);
      // w and h in double: x + w read back is x2 again, to the float
      d.put("bbox", new double[] {box.x1(), box.y1(), (double) box.x2() - box.x1(),
          (double) box.y2() - box.y1()});
      d.put("score", box.score());
      coco.add(d);
      if (info.oriented()) {
        StringBuilder line = task1.get(box.cls()).append(stem).append(' ').append(box.score());
        for (float c : box.corners()) {
          line.append(' ').append(c);
        }
        line.append('\n');
      }
    }
    BufferedImage overlay = enlarged(image);
    double k = (double) overlay.getWidth() / image.width();
    Graphics2D g = graphics(overlay);
    g.setStroke(new BasicStroke(2f));
    for (TaskBox box : boxes) {
      if (box.score() < OVERLAY_MIN_SCORE) {
        continue;
      }
      Color colour = new Color(palette[(box.cls() + 1) % palette.length]);
      float[] c = box.corners();
      Polygon p = new Polygon();
      for (int i = 0; i < 8; i += 2) {
        p.addPoint((int) Math.round(c[i] * k), (int) Math.round(c[i + 1] * k));
      }
      g.setColor(colour);
      g.drawPolygon(p);
      caption(g, (int) Math.round(box.x1() * k), (int) Math.round(box.y1() * k) - 14,
          String.format(Locale.ROOT, "%s %.2f", info.classes().get(box.cls()), box.score()),
          colour);
    }
    g.dispose();
    writePng("overlays", png("overlays", file), overlay);
  }

  /** Writes the files that cover all images; returns everything written, by kind. */
  Map<String, List<Path>> finish() {
    if (kind == TaskKind.CLASSIFICATION) {
      write("predictions", out.resolve("predictions.csv"),
          csv.toString().getBytes(StandardCharsets.UTF_8));
      write("predictions", out.resolve("predictions.json"), json(labels));
    }
    if (kind == TaskKind.DETECTION) {
      write("coco", out.resolve("coco_results.json"), json(coco));
      if (info.oriented()) {
        for (int c = 0; c < info.numClasses(); c++) {
          write("dota", out.resolve("dota").resolve("Task1_" + info.classes().get(c) + ".txt"),
              task1.get(c).toString().getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return written;
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw VitpException.internal("Could not write predictions as JSON: " + e);
    }
  }

  private void writePng(String kindOfFile, Path file, BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw VitpException.internal("No ImageIO PNG writer for " + file);
      }
    } catch (IOException e) {
      throw VitpException.internal("Could not encode " + file + ": " + e);
    }
    write(kindOfFile, file, bytes.toByteArray());
  }

  private void write(String kindOfFile, Path file, byte[] bytes) {
    try {
      java.nio.file.Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable output folder. Received: "
          + file.getParent() + " (" + e.getMessage() + ")", e);
    }
    AtomicFiles.write(file, bytes);
    written.computeIfAbsent(kindOfFile, k -> new ArrayList<>()).add(file);
  }

  /** The image as 8-bit RGB for display: first three bands (one band as grey), stretched. */
  static BufferedImage rgb(DecodedImage image) {
    int w = image.width();
    int h = image.height();
    int n = image.pixels();
    float[] d = image.data();
    float lo = 0;
    float hi = 1;
    if (image.rawFloat()) {
      lo = Float.MAX_VALUE;
      hi = -Float.MAX_VALUE;
      for (int i = 0; i < Math.min(3, image.bands()) * n; i++) {
        if (Float.isFinite(d[i])) {
          lo = Math.min(lo, d[i]);
          hi = Math.max(hi, d[i]);
        }
      }
      if (!(hi > lo)) {
        hi = lo + 1;
      }
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[n];
    for (int i = 0; i < n; i++) {
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        int band = image.bands() >= 3 ? c : 0;
        float v = (d[band * n + i] - lo) / (hi - lo);
        int b8 = Float.isFinite(v) ? Math.round(Math.max(0, Math.min(1, v)) * 255) : 0;
        rgb = (rgb << 8) | b8;
      }
      argb[i] = rgb;
    }
    out.setRGB(0, 0, w, h, argb, 0, w);
    return out;
  }

  private static BufferedImage enlarged(DecodedImage image) {
    return enlarged(rgb(image));
  }

  private static BufferedImage enlarged(BufferedImage image) {
    int k = Math.max(1, OVERLAY_MIN_SIDE / Math.max(image.getWidth(), image.getHeight()));
    if (k == 1) {
      return image;
    }
    BufferedImage big = new BufferedImage(image.getWidth() * k, image.getHeight() * k,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = big.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.drawImage(image, 0, 0, big.getWidth(), big.getHeight(), null);
    g.dispose();
    return big;
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  /** Text on a filled box of {@code colour}, in black or white, whichever reads better. */
  private static void caption(Graphics2D g, int x, int y, String text, Color colour) {
    var metrics = g.getFontMetrics();
    int w = metrics.stringWidth(text) + 4;
    int h = metrics.getHeight();
    int top = Math.max(0, y);
    g.setColor(colour);
    g.fillRect(x, top, w, h);
    boolean light = colour.getRed() * 299 + colour.getGreen() * 587 + colour.getBlue() * 114
        > 128_000;
    g.setColor(light ? Color.BLACK : Color.WHITE);
    g.drawString(text, x + 2, top + metrics.getAscent());
  }

  private static int blend(int rgb, int colour) {
    int r = (((rgb >> 16) & 0xff) + ((colour >> 16) & 0xff)) / 2;
    int g = (((rgb >> 8) & 0xff) + ((colour >> 8) & 0xff)) / 2;
    int b = ((rgb & 0xff) + (colour & 0xff)) / 2;
    return (r << 16) | (g << 8) | b;
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
