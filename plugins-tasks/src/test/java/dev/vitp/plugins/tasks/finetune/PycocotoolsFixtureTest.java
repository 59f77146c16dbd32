package dev.vitp.plugins.tasks.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.plugins.tasks.data.GroundTruth;
import dev.vitp.plugins.tasks.metrics.CocoEvaluator;
import dev.vitp.plugins.tasks.metrics.DetectionMetrics;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskScores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CocoEvaluator} on detections it did not produce: the ground truth and COCO results json
 * under {@code resources/pycocotools}, made and scored by pycocotools' COCOeval with {@code
 * benchmarks/python/coco_fixture.py}, whose numbers are checked in beside them.
 */
class PycocotoolsFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path fixture() throws Exception {
    return Path.of(PycocotoolsFixtureTest.class.getResource("/pycocotools").toURI());
  }

  @Test
  void everyStatAndPerClassApEqualsPycocotools() throws Exception {
    Path data = fixture();
    JsonNode expected = JSON.readTree(data.resolve("pycocotools.json").toFile());
    GroundTruth truth = Datasets.groundTruth(data, "val", null, BadRecordPolicy.FAIL);
    assertEquals("coco", truth.format());
    assertEquals(List.of("plane", "ship", "storage-tank", "harbor"), truth.classes());
    Map<Path, List<TaskBox>> detections = Predictions.read(data.resolve("results.json"), truth);
    assertEquals(expected.get("detections").asInt(),
        detections.values().stream().mapToInt(List::size).sum());
    CocoEvaluator evaluator = new CocoEvaluator(truth.classes().size(), false);
    int truthBoxes = 0;
    for (GroundTruth.Image image : Predictions.inScoringOrder(truth)) {
      evaluator.addImage(image.boxes(), detections.getOrDefault(image.file(), List.of()));
      truthBoxes += image.boxes().size();
    }
    assertEquals(expected.get("truth").asInt(), truthBoxes);
    CocoEvaluator.Result r = evaluator.evaluate();
    JsonNode stats = expected.get("stats");
    double[] ours = {r.ap(), r.ap50(), r.ap75(), r.apSmall(), r.apMedium(), r.apLarge(),
        r.ar1(), r.ar10(), r.ar100(), r.arSmall(), r.arMedium(), r.arLarge()};
    String[] keys = {"ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10",
        "ar100", "ar_small", "ar_medium", "ar_large"};
    for (int i = 0; i < keys.length; i++) {
      assertEquals(stats.get(keys[i]).asDouble(), ours[i], 1e-12, keys[i]);
    }
    JsonNode perClass = expected.get("per_class_ap");
    for (int k = 0; k < truth.classes().size(); k++) {
      JsonNode want = perClass.get(truth.classes().get(k));
      if (want.isNull()) {
        assertTrue(Double.isNaN(r.perClassAp()[k]), truth.classes().get(k));
      } else {
        assertEquals(want.asDouble(), r.perClassAp()[k], 1e-12, truth.classes().get(k));
      }
    }
  }

  @Test
  void theMetricsTheFinetunerReportsAreTheSameNumbers() throws Exception {
    Path data = fixture();
    JsonNode stats = JSON.readTree(data.resolve("pycocotools.json").toFile()).get("stats");
    GroundTruth truth = Datasets.groundTruth(data, "val", "coco", BadRecordPolicy.FAIL);
    Map<Path, List<TaskBox>> detections = Predictions.read(data.resolve("results.json"), truth);
    DetectionMetrics metrics = new DetectionMetrics(truth.classes(), false);
    for (GroundTruth.Image image : Predictions.inScoringOrder(truth)) {
      metrics.addImage(image.boxes(), detections.getOrDefault(image.file(), List.of()));
    }
    TaskScores scores = metrics.compute();
    for (String key : List.of("ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large",
        "ar100")) {
      assertEquals(stats.get(key).asDouble(), scores.values().get(key), 1e-12, key);
    }
  }
}
