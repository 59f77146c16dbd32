package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.toolkit.safetensors.SafeTensors;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vitp evaluate} on a model that {@code vitp finetune} just made: the same numbers as the
 * run's own validation, from the folder or from its weights file, strict about what it loads,
 * one-line errors; and detections made elsewhere scored against a dataset's truth.
 */
class EvaluateEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE =
      Path.of("..", "plugins-tasks", "src", "test", "resources", "pycocotools");

  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void fineTuneOneEpochOnGeneratedDota() {
    InProcessCli.Result generated = InProcessCli.vitp("generate", "--out",
        dir.resolve("gen").toString(), "--samples", "40", "--image-size", "32");
    assertEquals(0, generated.exit(), generated.err());
    data = dir.resolve("gen/downstream/object-detection");
    run = dir.resolve("ft");
    InProcessCli.Result ft = InProcessCli.vitp("finetune", "--task", "detection", "--data",
        data.toString(), "--epochs", "1", "--batch", "8", "--out", run.toString());
    assertEquals(0, ft.exit(), ft.err());
  }

  @Test
  void scoresTheRunsModelAsItsOwnValidationDid() throws IOException {
    JsonNode val = JSON.readTree(run.resolve("metrics.json").toFile()).get("val");
    assertEquals("dota", JSON.readTree(run.resolve("metrics.json").toFile()).get("format")
        .asText());
    for (String model : new String[] {run.toString(), run.resolve("best.safetensors").toString()}) {
      Path out = dir.resolve("eval-" + model.hashCode());
      InProcessCli.Result r = InProcessCli.vitp("evaluate", "--task", "detection", "--model",
          model, "--data", data.toString(), "--out", out.toString());
      assertEquals(0, r.exit(), r.err());
      JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
      assertTrue(val.has("ap") && val.has("map50_voc07"), val.toString()); // DOTA: both
      for (Iterator<Map.Entry<String, JsonNode>> it = val.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertEquals(e.getValue().asDouble(), metrics.path(e.getKey()).asDouble(Double.NaN),
            0.0, e.getKey() + " in " + metrics);
      }
      for (String key : new String[] {"ap", "ap50", "ap75", "map50_voc07", "map50_voc12"}) {
        assertTrue(metrics.has(key), key + " in " + metrics);
      }
      assertEquals("val", metrics.get("split").asText());
      assertEquals(JSON.readTree(run.resolve("metrics.json").toFile()).get("val_samples").asInt(),
          metrics.get("samples").asInt());
    }
  }

  @Test
  void refusesANonEmptyOutUnlessOverwriteInOneLine() throws IOException {
    Path out = dir.resolve("eval-twice");
    assertEquals(0, InProcessCli.vitp("evaluate", "--model", run.toString(), "--out",
        out.toString()).exit());
    InProcessCli.Result again = InProcessCli.vitp("evaluate", "--model", run.toString(),
        "--out", out.toString());
    assertOneLine(again, "Expected an empty folder for a new vitp evaluate run.");
    assertEquals(0, InProcessCli.vitp("evaluate", "--model", run.toString(), "--out",
        out.toString(), "--overwrite").exit());
  }

  @Test
  void loadsStrictlyAndSaysWhatDoesNotFit() {
    Path partial = run.resolve("partial.safetensors");
    Map<String, SafeTensors.FloatTensor> tensors = new LinkedHashMap<>();
    try (SafeTensorsFile best = SafeTensorsFile.open(run.resolve("best.safetensors"))) {
      for (String name : best.names()) {
        tensors.put(name, new SafeTensors.FloatTensor(best.entry(name).shape(),
            best.floats(name)));
      }
      String dropped = best.names().stream().filter(n -> n.startsWith("head.")).findFirst()
          .orElseThrow();
      tensors.remove(dropped);
      tensors.put("head.extra", new SafeTensors.FloatTensor(
          dev.vitp.spi.backend.Shape.of(1), new float[] {1f}));
      SafeTensors.write(partial, tensors, best.metadata());
      InProcessCli.Result r = InProcessCli.vitp("evaluate", "--model", partial.toString(),
          "--out", dir.resolve("eval-partial").toString());
      assertOneLine(r, "missing=[" + dropped + "], unexpected=[head.extra]");
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void userErrorsAreOneLine() {
    assertOneLine(InProcessCli.vitp("evaluate", "--model", dir.resolve("nope").toString(),
        "--out", dir.resolve("e1").toString()), "does not exist");
    assertOneLine(InProcessCli.vitp("evaluate", "--model", data.toString(),
        "--out", dir.resolve("e2").toString()), "finetune.json");
    assertOneLine(InProcessCli.vitp("evaluate", "--model", run.toString(), "--task",
        "segmentation", "--out", dir.resolve("e3").toString()), "fine-tuned for detection");
    assertOneLine(InProcessCli.vitp("evaluate", "--out", dir.resolve("e4").toString()),
        "Expected either a model (--model) or predictions");
    assertOneLine(InProcessCli.vitp("evaluate", "--model", run.toString(), "--split", "test",
        "--out", dir.resolve("e5").toString()), "Expected a dataset folder with test/");
  }

  @Test
  void scoresCocoResultsAsPycocotoolsDoes() throws IOException {
    Path out = dir.resolve("eval-coco");
    InProcessCli.Result r = InProcessCli.vitp("evaluate", "--predictions",
        FIXTURE.resolve("results.json").toString(), "--data", FIXTURE.toString(), "--out",
        out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    JsonNode stats = JSON.readTree(FIXTURE.resolve("pycocotools.json").toFile()).get("stats");
    for (String key : new String[] {"ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large",
        "ar100"}) {
      assertEquals(stats.get(key).asDouble(), metrics.get(key).asDouble(), 1e-12, key);
    }
    assertEquals("coco", metrics.get("format").asText());
  }

  private static void assertOneLine(InProcessCli.Result r, String part) {
    assertEquals(2, r.exit(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("vitp evaluate: ") && err.contains(part), err);
  }
}
