package dev.vitp.plugins.domains.remotesensing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.downstream.LabelMaps;
import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.toolkit.image.DecodedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated remote-sensing output read back by the readers used for real data. */
class RemoteSensingGenerationTest {
  private static final int SIZE = 64;
  private static Path dir;
  private static GenerationReport report;

  @BeforeAll
  static void generate() {
    dir = Fixtures.tempDir();
    report = new RemoteSensingDomain().generate(
        GenerationRequest.of(dir, 160, 11, SIZE).withThreads(2).withDownstreamSamples(150));
  }

  @AfterAll
  static void clean() {
    Fixtures.deleteTree(dir);
  }

  private static Path task(String name) {
    return dir.resolve("downstream").resolve(name);
  }

  @Test
  void instructionDataIsReadBackWithoutASingleSkipOrNote() {
    assertEquals(Map.of("rs_optical", 104L, "rs_sar", 32L, "rs_change", 8L, "general_shapes", 16L),
        new TreeMap<>(report.records()).descendingMap().entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(report.recipe().toString())
        .withPolicy(BadRecordPolicy.FAIL).withNormalization("remote-sensing"));
    List<InstructionRecord> records = new ArrayList<>();
    try (RecordStream s = source.open()) {
      s.forEachRemaining(records::add);
      SkipSummary summary = s.summary();
      assertEquals(160, summary.kept());
      assertTrue(summary.notes().isEmpty(), summary.report());
    }
    long images = 0;
    try (BatchStream b = source.batches(LoaderOptions.builder().batchSize(16).imageSize(SIZE)
        .workers(2).build())) {
      while (b.hasNext()) {
        InstructionBatch batch = b.next();
        assertEquals(3, batch.channels());
        images += batch.imageCount();
        for (float v : batch.images()) {
          assertTrue(Float.isFinite(v) && Math.abs(v) < 10, "normalised value " + v);
        }
      }
      assertEquals(0, b.summary().totalSkipped());
    }
    assertEquals(104 + 32 + 2 * 8 + 16, images);
    assertTrue(records.stream().anyMatch(r -> r.conversations().stream()
        .anyMatch(t -> t.value().contains("<box>"))), "grounding records exist");
  }

  @Test
  void everyDownstreamTaskHasTrainAndValSplits() {
    for (String t : List.of("scene-classification", "land-cover-segmentation", "object-detection",
        "sar-object-detection", "change-detection")) {
      assertTrue(Files.isDirectory(task(t).resolve("train")), t);
      assertTrue(Files.isDirectory(task(t).resolve("val")), t);
      assertTrue(Files.isRegularFile(task(t).resolve("task.json")), t);
    }
  }

  /** Optical scenes are 8-bit RGB, SAR scenes 16-bit single-band; labels are cross-checked with
   * the downstream readers in integration-tests' {@code GeneratedDetectionLabelsTest}. */
  @Test
  void detectionImagesHaveTheirSensorsBandsAndDepth() throws IOException {
    for (String t : List.of("object-detection", "sar-object-detection")) {
      for (String split : List.of("train", "val")) {
        List<Path> images;
        try (Stream<Path> files = Files.list(task(t).resolve(split).resolve("images"))) {
          images = files.sorted().toList();
        }
        assertEquals(split.equals("train") ? 120 : 30, images.size());
        for (Path image : images) {
          DecodedImage d = ImageDecoder.decode(image);
          assertEquals(t.startsWith("sar") ? 1 : 3, d.bands(), image::toString);
          assertEquals(t.startsWith("sar") ? 16 : 8, d.bitDepth(), image::toString);
        }
      }
    }
  }

  /**
   * Land cover is recognisable relative to the rest of its image, not by absolute colour (each
   * image has its own mean colour): water is bluer and darker than its image, forest darker.
   */
  @Test
  void landCoverMasksMatchThePixelColoursRelativeToTheirImage() {
    Path images = task("land-cover-segmentation").resolve("train").resolve("images");
    int checked = 0;
    int[] agree = new int[LandCover.values().length];
    int[] total = new int[LandCover.values().length];
    for (Path img : list(images)) {
      DecodedImage d = ImageDecoder.decode(img);
      LabelMaps.LabelMap m = LabelMaps.read(task("land-cover-segmentation").resolve("train")
          .resolve("masks").resolve(img.getFileName()));
      assertEquals(SIZE * SIZE, m.labels().length);
      int n = d.pixels();
      double[] mean = new double[3];
      double[][] sum = new double[LandCover.values().length][3];
      int[] count = new int[LandCover.values().length];
      for (int i = 0; i < n; i++) {
        int c = m.labels()[i];
        assertTrue(c >= 0 && c < LandCover.values().length);
        count[c]++;
        for (int k = 0; k < 3; k++) {
          mean[k] += d.data()[k * n + i] / n;
          sum[c][k] += d.data()[k * n + i];
        }
      }
      for (LandCover c : List.of(LandCover.WATER, LandCover.FOREST)) {
        if (count[c.id()] < 0.1 * n) {
          continue;
        }
        double r = sum[c.id()][0] / count[c.id()];
        double g = sum[c.id()][1] / count[c.id()];
        double b = sum[c.id()][2] / count[c.id()];
        boolean ok = c == LandCover.WATER
            ? b - r > mean[2] - mean[0] && r + g + b < mean[0] + mean[1] + mean[2]
            : r + g + b < mean[0] + mean[1] + mean[2];
        agree[c.id()] += ok ? 1 : 0;
        total[c.id()]++;
      }
      checked++;
    }
    assertEquals(120, checked);
    for (LandCover c : List.of(LandCover.WATER, LandCover.FOREST)) {
      assertTrue(total[c.id()] >= 8, c + " present in " + total[c.id()] + " images");
      assertTrue(agree[c.id()] >= 0.9 * total[c.id()], c + ": " + agree[c.id()] + "/" + total[c.id()]);
    }
  }

  @Test
  void changeLabelsAreBinaryAndMostPairsChange() {
    int changedPairs = 0;
    for (String split : List.of("train", "val")) {
      Path d = task("change-detection").resolve(split);
      for (Path a : list(d.resolve("A"))) {
        LabelMaps.LabelMap label = LabelMaps.read(d.resolve("label").resolve(a.getFileName()));
        int changed = 0;
        for (int l : label.labels()) {
          assertTrue(l == 0 || l == 255);
          changed += l == 255 ? 1 : 0;
        }
        changedPairs += changed > 0 ? 1 : 0;
      }
    }
    assertTrue(changedPairs > 90, "most pairs have changes: " + changedPairs);
  }

  /**
   * The label is exactly where land cover changed: painted under one look (before the
   * acquisition's mean colour and contrast), the two dates agree everywhere else. As generated,
   * each date its own acquisition, season and registration, they differ nearly everywhere.
   */
  @Test
  void changeLabelsAreExactlyWhereTheLandCoverChanged() {
    SplittableRandom random = new SplittableRandom(5);
    int litDifferently = 0;
    for (int pair = 0; pair < 40; pair++) {
      ChangePair p = ChangePair.generate(64, random);
      SceneRenderer.Look look = SceneRenderer.Look.random(random);
      float[] a = SceneRenderer.linear(p.sceneA(), look);
      float[] b = SceneRenderer.linear(p.sceneB(), look);
      int changed = 0;
      int differs = 0;
      int unchangedButDifferentAsGenerated = 0;
      for (int i = 0; i < p.change().length; i++) {
        boolean same = a[3 * i] == b[3 * i] && a[3 * i + 1] == b[3 * i + 1]
            && a[3 * i + 2] == b[3 * i + 2];
        if (p.change()[i] == 0) {
          assertTrue(same, "unchanged pixels are identical under one look");
          unchangedButDifferentAsGenerated +=
              Math.abs((p.a()[3 * i] & 0xff) - (p.b()[3 * i] & 0xff)) > 2 ? 1 : 0;
        } else {
          changed++;
          differs += same ? 0 : 1;
        }
      }
      assertTrue(differs >= 0.9 * changed, differs + " of " + changed);
      litDifferently += unchangedButDifferentAsGenerated > p.change().length / 2 ? 1 : 0;
    }
    assertTrue(litDifferently > 30, "the dates' acquisitions differ: " + litDifferently);
  }

  /** Change counts are spread: pairs with 0, 1, 2, 3 and 4 built or demolished buildings. */
  @Test
  void changePairsChangeByDifferentNumbersOfBuildings() {
    SplittableRandom random = new SplittableRandom(9);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int pair = 0; pair < 200; pair++) {
      counts.merge(ChangePair.generate(64, random).built(), 1, Integer::sum);
    }
    for (int n = -2; n <= 4; n++) {
      assertTrue(counts.getOrDefault(n, 0) >= 5, "built " + n + " in " + counts);
    }
    int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(top <= 0.35 * 200, counts.toString());
  }

  /**
   * The written scene-classification set is not solvable from mean colour: a nearest-centroid
   * classifier on mean RGB stays near chance (3 of 30 validation images).
   */
  @Test
  void sceneClassesAreNotSeparableByMeanColour() {
    Map<String, double[]> centroids = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Path train = task("scene-classification").resolve("train");
    for (Path cls : list(train)) {
      for (Path img : list(cls)) {
        double[] f = meanColour(img);
        double[] c = centroids.computeIfAbsent(cls.getFileName().toString(), k -> new double[3]);
        for (int i = 0; i < 3; i++) {
          c[i] += f[i];
        }
        counts.merge(cls.getFileName().toString(), 1, Integer::sum);
      }
    }
    assertEquals(SceneClass.values().length, centroids.size());
    centroids.forEach((k, c) -> {
      for (int i = 0; i < c.length; i++) {
        c[i] /= counts.get(k);
      }
    });
    int right = 0;
    int all = 0;
    for (Path cls : list(task("scene-classification").resolve("val"))) {
      for (Path img : list(cls)) {
        double[] f = meanColour(img);
        String best = null;
        double bestD = Double.MAX_VALUE;
        for (Map.Entry<String, double[]> e : centroids.entrySet()) {
          double dd = 0;
          for (int i = 0; i < 3; i++) {
            dd += (f[i] - e.getValue()[i]) * (f[i] - e.getValue()[i]);
          }
          if (dd < bestD) {
            bestD = dd;
            best = e.getKey();
          }
        }
        right += cls.getFileName().toString().equals(best) ? 1 : 0;
        all++;
      }
    }
    assertEquals(30, all);
    assertTrue(right <= 0.3 * all, "nearest-centroid accuracy on mean RGB " + right + "/" + all);
  }

  private static double[] meanColour(Path img) {
    DecodedImage d = ImageDecoder.decode(img);
    int n = d.pixels();
    double[] f = new double[3];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        f[c] += d.data()[c * n + i] / n;
      }
    }
    return f;
  }

  @Test
  void downstreamImagesNeverRepeatPretrainingImages() {
    Set<String> pretraining = new HashSet<>();
    for (String ds : List.of("rs_optical", "rs_sar")) {
      for (Path p : walk(dir.resolve(ds))) {
        pretraining.add(hash(p));
      }
    }
    assertEquals(104 + 32, pretraining.size());
    for (Path p : walk(dir.resolve("downstream"))) {
      String n = p.getFileName().toString();
      if ((n.endsWith(".png") || n.endsWith(".tif")) && !p.toString().contains("/masks/")
          && !p.toString().contains("/label/")) {
        assertFalse(pretraining.contains(hash(p)), p.toString());
      }
    }
  }

  @Test
  void outputIsAFunctionOfTheRequestNotOfThreads() {
    Path a = Fixtures.tempDir();
    Path b = Fixtures.tempDir();
    try {
      new RemoteSensingDomain().generate(GenerationRequest.of(a, 40, 5, 32).withThreads(1)
          .withDownstreamSamples(12));
      new RemoteSensingDomain().generate(GenerationRequest.of(b, 40, 5, 32).withThreads(3)
          .withDownstreamSamples(12));
      List<Path> fa = walk(a);
      List<Path> fb = walk(b);
      assertEquals(fa.size(), fb.size());
      for (int i = 0; i < fa.size(); i++) {
        assertEquals(a.relativize(fa.get(i)), b.relativize(fb.get(i)));
        assertArrayEquals(bytes(fa.get(i)), bytes(fb.get(i)), fa.get(i).toString());
      }
    } finally {
      Fixtures.deleteTree(a);
      Fixtures.deleteTree(b);
    }
  }

  static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> walk(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hash(Path p) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
