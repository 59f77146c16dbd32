package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.PredictRequest;
import dev.vitp.api.PredictResult;
import dev.vitp.api.Vitp;
import dev.vitp.plugins.tasks.data.DatasetOptions;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.plugins.tasks.data.SplitData;
import dev.vitp.plugins.tasks.metrics.ChangeDetectionMetrics;
import dev.vitp.plugins.tasks.metrics.SegmentationMetrics;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import dev.vitp.toolkit.image.ImageCodec;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vitp predict} on models {@code vitp finetune} just made (1 epoch on generated 32-px
 * data): every file it writes, read back with the project's readers, gives the numbers {@code
 * vitp evaluate} gives on the same images; scenes larger than the model are tiled and stitched.
 */
@Tag("slow")
class PredictEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path downstream;

  @BeforeAll
  static void generate() {
    InProcessCli.ok("generate", "--domain", "remote-sensing", "--out",
        dir.resolve("gen").toString(), "--samples", "40", "--image-size", "32");
    downstream = dir.resolve("gen/downstream");
  }

  private static Path finetune(String task, String data) {
    Path run = dir.resolve("ft-" + task);
    if (!Files.isRegularFile(run.resolve("best.safetensors"))) {
      InProcessCli.ok("finetune", "--task", task, "--data", downstream.resolve(data).toString(),
          "--epochs", "1", "--batch", "8", "--out", run.toString());
    }
    return run;
  }

  private static JsonNode evaluate(Path run, String name) throws IOException {
    Path out = dir.resolve("eval-" + name);
    InProcessCli.ok("evaluate", "--model", run.toString(), "--out", out.toString());
    return JSON.readTree(out.resolve("metrics.json").toFile());
  }

  private static JsonNode predict(Path run, Path images, Path out, String... extra)
      throws IOException {
    String[] args = Stream.concat(Stream.of("predict", "--model", run.toString(), "--images",
        images.toString(), "--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
    InProcessCli.ok(args);
    return JSON.readTree(out.resolve("predict.json").toFile());
  }

  @Test
  void classificationWritesCsvJsonAndOverlays() throws IOException {
    Path run = finetune("classification", "scene-classification");
    Path val = downstream.resolve("scene-classification/val");
    Path out = dir.resolve("pred-cls");
    JsonNode summary = predict(run, val, out);
    long images;
    try (Stream<Path> s = Files.walk(val)) {
      images = s.filter(p -> p.toString().endsWith(".png")).count();
    }
    assertEquals(images, summary.get("predicted").asLong());
    List<String> csv = Files.readAllLines(out.resolve("predictions.csv"), StandardCharsets.UTF_8);
    assertEquals(images + 1, csv.size());
    assertTrue(csv.get(0).startsWith("file,label,class,p_"), csv.get(0));
    JsonNode json = JSON.readTree(out.resolve("predictions.json").toFile());
    assertEquals(images, json.size());
    JsonNode classes = summary.get("classes");
    long right = 0;
    for (JsonNode row : json) {
      double sum = 0;
      for (JsonNode p : row.get("probabilities")) {
        sum += p.asDouble();
      }
      assertEquals(1, sum, 1e-4, row.toString());
      assertEquals(classes.get(row.get("label").asInt()).asText(), row.get("class").asText());
      // class folders: the truth is the file's folder
      String truth = row.get("file").asText().split("/")[0];
      right += truth.equals(row.get("class").asText()) ? 1 : 0;
      assertTrue(Files.isRegularFile(out.resolve("overlays").resolve(
          row.get("file").asText().replaceAll("\\.[^.]+$", ".png"))));
    }
    assertEquals(evaluate(run, "cls").get("accuracy").asDouble(), (double) right / images,
        1e-12);
  }

  @Test
  void segmentationMasksReadBackGiveEvaluatesMiou() throws IOException {
    Path run = finetune("segmentation", "land-cover-segmentation");
    Path data = downstream.resolve("land-cover-segmentation");
    Path out = dir.resolve("pred-seg");
    predict(run, data.resolve("val/images"), out);
    BufferedImage mask = ImageIO.read(out.resolve("masks").resolve(firstPng(
        data.resolve("val/images"))).toFile());
    assertTrue(mask.getColorModel() instanceof IndexColorModel, "an indexed (palette) PNG");
    JsonNode evaluated = evaluate(run, "seg");
    assertSameScores(evaluated, scoreMasks(data, out.resolve("masks"), "masks",
        TaskKind.SEGMENTATION, new SegmentationMetrics(classes(evaluated))));
  }

  @Test
  void changeMapsReadBackGiveEvaluatesF1() throws IOException {
    Path run = finetune("change-detection", "change-detection");
    Path data = downstream.resolve("change-detection");
    Path out = dir.resolve("pred-cd");
    JsonNode summary = predict(run, data.resolve("val"), out);
    long pairs;
    try (Stream<Path> s = Files.list(data.resolve("val/A"))) {
      pairs = s.count();
    }
    assertEquals(pairs, summary.get("predicted").asLong());
    LabelImage map = ImageCodec.decodeLabels(out.resolve("masks").resolve(firstPng(
        data.resolve("val/A"))));
    for (int v : map.values()) {
      assertTrue(v == 0 || v == 255, "0/255 change map, got " + v);
    }
    JsonNode evaluated = evaluate(run, "cd");
    assertSameScores(evaluated, scoreMasks(data, out.resolve("masks"), "label",
        TaskKind.CHANGE_DETECTION, new ChangeDetectionMetrics(classes(evaluated))));
  }

  @Test
  void detectionFilesScoreAsTheModelDoes() throws IOException {
    Path run = finetune("detection", "object-detection");
    Path data = downstream.resolve("object-detection");
    Path out = dir.resolve("pred-det");
    predict(run, data.resolve("val/images"), out);
    JsonNode evaluated = evaluate(run, "det");
    // oriented model (DOTA): the Task1 files hold its boxes exactly
    Path scored = dir.resolve("eval-task1");
    InProcessCli.ok("evaluate", "--predictions", out.resolve("dota").toString(), "--data",
        data.toString(), "--out", scored.toString());
    assertSameScores(evaluated, JSON.readTree(scored.resolve("metrics.json").toFile()));
    // the COCO results json names truth images and classes as evaluate reads them back
    JsonNode coco = JSON.readTree(out.resolve("coco_results.json").toFile());
    assertTrue(coco.size() > 0, "detections");
    for (JsonNode d : coco) {
      assertTrue(d.get("image_id").isTextual() && d.get("category_id").asInt() >= 1
          && d.get("bbox").size() == 4, d.toString());
    }
    Path cocoScored = dir.resolve("eval-coco-results");
    InProcessCli.ok("evaluate", "--predictions", out.resolve("coco_results.json").toString(),
        "--data", data.toString(), "--out", cocoScored.toString());
    try (Stream<Path> s = Files.list(out.resolve("overlays"))) {
      assertEquals(JSON.readTree(scored.resolve("metrics.json").toFile()).get("samples")
          .asLong(), s.count());
    }
  }

  @Test
  void a1024SceneIsTiledAndStitchedToFullSize() throws IOException {
    Path run = finetune("segmentation", "land-cover-segmentation");
    Path val = downstream.resolve("land-cover-segmentation/val/images");
    List<Path> sources;
    try (Stream<Path> s = Files.list(val)) {
      sources = s.sorted().toList();
    }
    int cells = 1024 / 32;
    BufferedImage scene = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    var g = scene.createGraphics();
    for (int i = 0; i < cells * cells; i++) {
      g.drawImage(ImageIO.read(sources.get(i % sources.size()).toFile()), (i % cells) * 32,
          (i / cells) * 32, null);
    }
    g.dispose();
    Path scenes = dir.resolve("scenes");
    Files.createDirectories(scenes);
    ImageIO.write(scene, "png", scenes.resolve("scene.png").toFile());

    // default: tiles of the model's input (64 px), overlap 0.25: 21 x 21 tiles
    JsonNode summary = predict(run, scenes, dir.resolve("pred-scene"));
    assertEquals(64, summary.get("tile").asInt());
    assertEquals(21 * 21, summary.get("tiles").asLong());
    LabelImage mask = ImageCodec.decodeLabels(dir.resolve("pred-scene/masks/scene.png"));
    assertEquals(1024, mask.width());
    assertEquals(1024, mask.height());

    // tiles of exactly the source images, no overlap: each tile is one source image, so the
    // stitched mask is the per-image masks side by side
    predict(run, scenes, dir.resolve("pred-scene-32"), "--tile", "32", "--overlap", "0");
    predict(run, val, dir.resolve("pred-sources"));
    LabelImage stitched = ImageCodec.decodeLabels(dir.resolve("pred-scene-32/masks/scene.png"));
    for (int i = 0; i < cells * cells; i++) {
      Path source = sources.get(i % sources.size());
      LabelImage one = ImageCodec.decodeLabels(dir.resolve("pred-sources/masks").resolve(
          source.getFileName().toString().replaceAll("\\.[^.]+$", ".png")));
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          assertEquals(one.values()[y * 32 + x],
              stitched.values()[((i / cells) * 32 + y) * 1024 + (i % cells) * 32 + x],
              "tile " + i + " pixel " + x + "," + y);
        }
      }
    }

    // detection on a scene: boxes in scene pixels, merged over tiles
    Path det = finetune("detection", "object-detection");
    JsonNode detSummary = predict(det, scenes, dir.resolve("pred-scene-det"));
    assertEquals(21 * 21, detSummary.get("tiles").asLong());
    JsonNode coco = JSON.readTree(dir.resolve("pred-scene-det/coco_results.json").toFile());
    double right = 0;
    for (JsonNode d : coco) {
      assertEquals("scene", d.get("image_id").asText());
      right = Math.max(right, d.get("bbox").get(0).asDouble() + d.get("bbox").get(2).asDouble());
    }
    assertTrue(coco.size() > 0 && right > 64 && right <= 1024 + 64, "boxes over the scene, "
        + "rightmost edge " + right);
    assertTrue(Files.readString(dir.resolve("pred-scene-det/dota").resolve("Task1_"
        + detSummary.get("classes").get(0).asText() + ".txt")).lines()
        .allMatch(l -> l.startsWith("scene ")));
  }

  @Test
  void badFilesAreSkippedAndNamedOrStopInOneLine() throws IOException {
    Path run = finetune("segmentation", "land-cover-segmentation");
    Path images = dir.resolve("with-bad");
    Files.createDirectories(images);
    Files.copy(downstream.resolve("land-cover-segmentation/val/images").resolve(firstPng(
        downstream.resolve("land-cover-segmentation/val/images"))), images.resolve("good.png"));
    Files.writeString(images.resolve("broken.png"), "not a png");
    JsonNode summary = predict(run, images, dir.resolve("pred-bad"));
    assertEquals(1, summary.get("predicted").asInt());
    assertEquals(1, summary.get("skipped").get("count").asInt());
    assertTrue(summary.get("skipped").get("first").toString().contains("broken.png"));
    assertOneLine(InProcessCli.vitp("predict", "--model", run.toString(), "--images",
        images.toString(), "--out", dir.resolve("pred-bad-fail").toString(), "--on-bad-file",
        "fail"), "broken.png");
    // --out must be new or empty unless --overwrite
    assertOneLine(InProcessCli.vitp("predict", "--model", run.toString(), "--images",
        images.toString(), "--out", dir.resolve("pred-bad").toString()),
        "Expected an empty folder for a new vitp predict run.");
    predict(run, images, dir.resolve("pred-bad"), "--overwrite");
    assertOneLine(InProcessCli.vitp("predict", "--model", run.toString(), "--images",
        dir.resolve("nope").toString(), "--out", dir.resolve("pred-nope").toString()),
        "Expected --images to name a folder of images");
    assertOneLine(InProcessCli.vitp("predict", "--model", run.toString(), "--task", "detection",
        "--images", images.toString(), "--out", dir.resolve("pred-task").toString()),
        "fine-tuned for segmentation");
    assertOneLine(InProcessCli.vitp("predict", "--model", run.toString(), "--images",
        images.toString(), "--out", dir.resolve("pred-ov").toString(), "--overlap", "1"),
        "overlap");
  }

  @Test
  void javaCallersGetTheSameFiles() throws IOException {
    Path run = finetune("segmentation", "land-cover-segmentation");
    Path out = dir.resolve("pred-java");
    PredictResult result = Vitp.create().predict(PredictRequest.of(run,
        downstream.resolve("land-cover-segmentation/val/images"), out).withTiles(0, 0.5));
    assertEquals(out.resolve("predict.json"), result.summary());
    assertEquals(result.prediction().images(), result.prediction().files().get("masks").size());
    assertEquals(result.prediction().images(),
        result.prediction().files().get("overlays").size());
  }

  /**
   * The val split's images with their labels replaced by predicted masks, read by the dataset
   * reader and scored against the truth as evaluate scores a model.
   */
  private static TaskScores scoreMasks(Path data, Path predicted, String labelFolder,
      TaskKind kind, TaskMetrics metrics) throws IOException {
    Path copy = dir.resolve("readback-" + kind.id());
    Files.createDirectories(copy.resolve("val"));
    try (Stream<Path> s = Files.list(data)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
    }
    try (Stream<Path> s = Files.list(data.resolve("val"))) {
      for (Path folder : s.toList()) {
        Path to = copy.resolve("val").resolve(folder.getFileName());
        copyTree(folder.getFileName().toString().equals(labelFolder) ? predicted : folder, to);
      }
    }
    DatasetOptions options = DatasetOptions.of(64);
    SplitData truth = Datasets.openSplit(data, "val", kind, options);
    SplitData read = Datasets.openSplit(copy, "val", kind, options);
    assertEquals(truth.samples().size(), read.samples().size());
    for (int i = 0; i < truth.samples().size(); i++) {
      TaskSample t = truth.samples().get(i);
      LabelImage p = read.samples().get(i).fullMask();
      assertEquals(t.width(), p.width());
      assertEquals(t.height(), p.height());
      metrics.add(t, TaskPrediction.mask(p));
    }
    return metrics.compute();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  private static void assertSameScores(JsonNode evaluated, TaskScores scores) {
    assertTrue(!scores.values().isEmpty());
    for (Map.Entry<String, Double> e : scores.values().entrySet()) {
      assertEquals(evaluated.get(e.getKey()).asDouble(), e.getValue(), 1e-12,
          e.getKey() + " in " + evaluated);
    }
  }

  private static void assertSameScores(JsonNode evaluated, JsonNode scored) {
    for (String key : new String[] {"ap", "ap50", "ap75", "map50_voc07", "map50_voc12"}) {
      assertTrue(evaluated.has(key), key);
      assertEquals(evaluated.get(key).asDouble(), scored.get(key).asDouble(), 1e-12,
          key + ": model " + evaluated + " vs files " + scored);
    }
    for (Iterator<String> it = evaluated.fieldNames(); it.hasNext(); ) {
      it.next();
    }
  }

  private static List<String> classes(JsonNode metrics) {
    return JSON.convertValue(metrics.get("classes"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private static String firstPng(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow()
          .replaceAll("\\.[^.]+$", ".png");
    }
  }

  private static void assertOneLine(InProcessCli.Result r, String part) {
    assertEquals(2, r.exit(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("vitp predict: ") && err.contains(part), err);
  }
}
