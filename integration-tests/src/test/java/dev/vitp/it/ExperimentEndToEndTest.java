package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three experiments of {@code vitp experiment} at their --quick budget, run into one folder
 * as a user would (so the later ones reuse the earlier pretraining runs): each writes its JSON,
 * Markdown and valid PNGs with the documented structure and sane values, and a rerun redoes
 * nothing. The numbers of a quick run say nothing about the method; the full runs are in
 * benchmarks/results/.
 */
@Tag("slow")
class ExperimentEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theThreeQuickExperimentsReportTheirStructureAndReuseFinishedStages() throws IOException {
    Path out = dir.resolve("exp");

    String sweepLog = experiment(out, "vrl-sweep");
    JsonNode sweep = read(out, "vrl-sweep");
    assertEquals("vrl-sweep", sweep.get("experiment").asText());
    assertEquals(8, sweep.at("/budget/pretrain_steps").asInt());
    JsonNode points = sweep.at("/results/tasks/classification/points");
    assertEquals(4, points.size(), points.toString()); // r ∈ {0, 0.75} × p ∈ {0.25, 1}
    for (JsonNode p : points) {
      assertEquals(2, p.get("values").size(), p.toString());
      p.get("values").forEach(v -> assertInUnit(v.asDouble()));
      assertEquals(p.get("ratio").asDouble() == 0, p.path("minus_no_vrl").isMissingNode(),
          p.toString());
    }
    // r = 0 is one run whatever p, and r = 0.75 at p = 1 is the demo's vitp run.
    assertEquals(points.get(0).get("values"), points.get(2).get("values"));
    assertEquals("vitp", points.get(3).get("run").asText());
    assertEquals(3, names(out.resolve("pretrain"), ".args.json").size(), sweepLog);
    assertPng(out.resolve("vrl-sweep-classification.png"));
    assertTrue(Files.readString(out.resolve("vrl-sweep.md")).contains("Against the paper"));

    String labelsLog = experiment(out, "label-efficiency");
    assertTrue(labelsLog.contains("reusing the pretraining runs finished earlier: vitp"),
        labelsLog);
    JsonNode labels = read(out, "label-efficiency");
    JsonNode rows = labels.at("/results/tasks/classification/rows");
    assertEquals(List.of(1.0, 0.2, 0.02), values(rows, "fraction"));
    // Fewer labels, more epochs: min(ceil(8 / f), 80).
    assertEquals(List.of(8.0, 40.0, 80.0), values(rows, "epochs"));
    for (JsonNode row : rows) {
      assertEquals(List.of("vitp", "mae", "random_init"), fields(row.get("starts")));
    }
    labels.at("/results/sanity_all_labels_at_least_fewest/classification").forEach(ok ->
        assertTrue(ok.asBoolean(), "100 % of the labels scored below 2 %: " + labels));
    assertPng(out.resolve("label-efficiency-classification.png"));

    String robustLog = experiment(out, "robustness");
    assertTrue(robustLog.contains("reusing the pretraining runs finished earlier: vitp, "
        + "vitp_no_vrl, mae"), robustLog);
    JsonNode robust = read(out, "robustness").at("/results/tasks/classification");
    // Every registered corruption: the paper's twelve and this module's Kotlin plugin's speckle.
    List<String> corruptions = new java.util.ArrayList<>();
    robust.get("corruptions").forEach(c -> corruptions.add(c.asText()));
    assertEquals(List.of("acme-speckle", "brightness-contrast", "cloud", "data-gaps",
        "gaussian-blur", "gaussian-noise", "haze", "jpeg", "motion-blur", "rotation",
        "salt-and-pepper", "scale", "translation"), corruptions);
    assertEquals("[1,2,3,4,5]", robust.get("severities").toString());
    assertEquals(List.of("vitp", "vitp_no_vrl", "mae", "random_init"),
        fields(robust.get("starts")));
    JsonNode vitp = robust.at("/starts/vitp");
    assertEquals(corruptions, fields(vitp.get("per_corruption")));
    assertEquals(5, vitp.at("/per_corruption/gaussian-noise/by_severity").size());
    // The report's numbers are those of the fine-tunes' robustness.json files.
    JsonNode cell = JSON.readTree(out.resolve("robustness/classification/classification/vitp/"
        + "seed-1/robustness.json").toFile());
    assertEquals(cell.get("clean").asDouble(), vitp.at("/clean/values/0").asDouble(), 0.0);
    assertEquals(cell.get("mean_drop").asDouble(), vitp.at("/mean_drop/values/0").asDouble(),
        0.0);
    double sum = 0;
    int n = 0;
    for (JsonNode c : cell.get("corruptions")) {
      for (JsonNode v : c.get("by_severity")) {
        assertInUnit(v.asDouble());
        sum += v.asDouble();
        n++;
      }
    }
    assertEquals(corruptions.size() * 5, n);
    assertEquals(cell.get("clean").asDouble() - sum / n, cell.get("mean_drop").asDouble(), 1e-9);
    assertPng(out.resolve("robustness-classification-heatmap.png"));
    assertPng(out.resolve("robustness-classification-severity.png"));

    // A rerun redoes nothing: no pretraining, no fine-tune.
    String again = experiment(out, "vrl-sweep");
    assertTrue(again.contains("reusing the pretraining runs finished earlier")
        && !again.contains("fine-tunes to run") && !again.contains("side by side"), again);
  }

  private static String experiment(Path out, String name) {
    return cli("experiment", name, "--quick", "--out", out.toString(), "--backend", "jvm");
  }

  private static JsonNode read(Path out, String name) throws IOException {
    return JSON.readTree(out.resolve(name + ".json").toFile());
  }

  private static void assertInUnit(double v) {
    assertTrue(v >= 0 && v <= 1, "a score outside [0, 1]: " + v);
  }

  private static void assertPng(Path file) throws IOException {
    assertNotNull(ImageIO.read(file.toFile()), file + " is not an image");
  }

  private static List<Double> values(JsonNode array, String field) {
    List<Double> values = new ArrayList<>();
    array.forEach(n -> values.add(n.get(field).asDouble()));
    return values;
  }

  private static List<String> fields(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> names(Path folder, String suffix) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(suffix)).toList();
    }
  }

  private static String cli(String... args) {
    return InProcessCli.ok(args);
  }
}
