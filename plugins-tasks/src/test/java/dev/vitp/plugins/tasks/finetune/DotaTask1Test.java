package dev.vitp.plugins.tasks.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.tasks.data.Datasets;
import dev.vitp.plugins.tasks.data.GroundTruth;
import dev.vitp.plugins.tasks.metrics.DetectionMetrics;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DOTA Task1 result files against DOTA truth, on a case small enough to check by hand: VOC
 * mAP@0.5 in the 07 (11-point) and 12 (all-point) styles as DOTA's devkit computes them.
 */
class DotaTask1Test {
  /** An axis-aligned box as DOTA's 8 numbers. */
  private static String corners(int x1, int y1, int x2, int y2) {
    return x1 + " " + y1 + " " + x2 + " " + y1 + " " + x2 + " " + y2 + " " + x1 + " " + y2;
  }

  private static Path dota(Path dir) throws IOException {
    Path val = dir.resolve("data/val");
    Files.createDirectories(val.resolve("images"));
    Files.createDirectories(val.resolve("labelTxt"));
    for (String stem : List.of("P1", "P2")) {
      Files.write(val.resolve("images").resolve(stem + ".png"), new byte[0]); // never decoded
    }
    Files.writeString(val.resolve("labelTxt/P1.txt"), "imagesource:GoogleEarth\ngsd:0.5\n"
        + corners(0, 0, 10, 10) + " plane 0\n" + corners(20, 20, 30, 30) + " plane 0\n");
    Files.writeString(val.resolve("labelTxt/P2.txt"), corners(0, 0, 10, 10) + " plane 1\n"
        + corners(50, 50, 70, 70) + " ship 0\n");
    return dir.resolve("data");
  }

  @Test
  void vocApOf07And12ByHand(@TempDir Path dir) throws IOException {
    Path data = dota(dir);
    Path results = Files.createDirectories(dir.resolve("results"));
    // plane, by score: A hit (TP), A again (FP), difficult C (neither), B hit (TP), a miss (FP).
    // 2 positives -> (recall, precision): (.5, 1) (.5, .5) (.5, .5) (1, 2/3) (1, .5)
    Files.writeString(results.resolve("Task1_plane.txt"), String.join("\n",
        "P1 0.9 " + corners(0, 0, 10, 10),
        "P1 0.8 " + corners(0, 0, 10, 10),
        "P2 0.7 " + corners(0, 0, 10, 10),
        "P1 0.6 " + corners(20, 20, 30, 30),
        "P1 0.5 " + corners(100, 100, 110, 110)) + "\n");
    Files.writeString(results.resolve("Task1_ship.txt"), "P2 0.4 " + corners(50, 50, 70, 70));
    GroundTruth truth = Datasets.groundTruth(data, "val", null, BadRecordPolicy.FAIL);
    assertEquals("dota", truth.format());
    assertTrue(truth.oriented());
    assertEquals(List.of("plane", "ship"), truth.classes());
    Map<Path, List<TaskBox>> detections = Predictions.read(results, truth);
    assertEquals(6, detections.values().stream().mapToInt(List::size).sum());
    TaskBox first = detections.get(data.resolve("val/images/P1.png")).get(0);
    assertEquals(0.9f, first.score());
    assertTrue(first.isOriented());

    DetectionMetrics metrics = new DetectionMetrics(truth.classes(), truth.oriented());
    for (GroundTruth.Image image : Predictions.inScoringOrder(truth)) {
      metrics.addImage(image.boxes(), detections.getOrDefault(image.file(), List.of()));
    }
    TaskScores scores = metrics.compute();
    // 07: recall >= 0 .. 0.5 (6 points) reaches precision 1, 0.6 .. 1.0 (5 points) 2/3
    double plane07 = (6 + 5 * 2.0 / 3) / 11;
    // 12: envelope 1 over recall (0, .5], 2/3 over (.5, 1]
    double plane12 = 0.5 * 1 + 0.5 * 2.0 / 3;
    assertEquals(plane07, scores.perClass().get("ap50_voc07").get("plane"), 1e-12);
    assertEquals(plane12, scores.perClass().get("ap50_voc12").get("plane"), 1e-12);
    assertEquals(1.0, scores.perClass().get("ap50_voc07").get("ship"), 1e-12);
    assertEquals((plane07 + 1) / 2, scores.values().get("map50_voc07"), 1e-12);
    assertEquals((plane12 + 1) / 2, scores.values().get("map50_voc12"), 1e-12);
    assertTrue(scores.values().containsKey("ap"), scores.values().toString());
  }

  @Test
  void aBadLineIsOneUserErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path data = dota(dir);
    GroundTruth truth = Datasets.groundTruth(data, "val", null, BadRecordPolicy.FAIL);
    Path results = Files.createDirectories(dir.resolve("results"));
    Path plane = results.resolve("Task1_plane.txt");
    Files.writeString(plane, "P1 0.9 " + corners(0, 0, 10, 10) + "\nP1 0.8 1 2 3\n");
    VitpException e = assertThrows(VitpException.class, () -> Predictions.read(results, truth));
    assertTrue(e.getMessage().contains(plane + " line 2"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());

    Files.writeString(plane, "P9 0.9 " + corners(0, 0, 10, 10) + "\n");
    e = assertThrows(VitpException.class, () -> Predictions.read(results, truth));
    assertTrue(e.getMessage().contains("imgname to be an image of the truth. Received: P9"),
        e.getMessage());

    Files.delete(plane);
    Files.writeString(results.resolve("Task1_boat.txt"), "");
    e = assertThrows(VitpException.class, () -> Predictions.read(results, truth));
    assertTrue(e.getMessage().contains("[plane, ship]"), e.getMessage());
  }
}
