package dev.vitp.plugins.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Confusion-matrix metrics on hand-computed cases. */
class ConfusionMatrixTest {
  private static final double EPS = 1e-12;

  @Test
  void threeClassSegmentationByHand() {
    // truth: 0 0 0 1 1 2 255 ; prediction: 0 0 1 1 2 2 0 (the 255 pixel is ignored)
    ConfusionMatrix m = new ConfusionMatrix(3, 255);
    m.add(new int[] {0, 0, 0, 1, 1, 2, 255}, new int[] {0, 0, 1, 1, 2, 2, 0});
    assertEquals(6, m.total());
    // class 0: TP 2, FN 1, FP 0 → IoU 2/3; class 1: TP 1, FN 1, FP 1 → 1/3; class 2: TP 1, FP 1 → 1/2
    assertEquals(2.0 / 3, m.iou(0), EPS);
    assertEquals(1.0 / 3, m.iou(1), EPS);
    assertEquals(1.0 / 2, m.iou(2), EPS);
    assertEquals((2.0 / 3 + 1.0 / 3 + 1.0 / 2) / 3, m.meanIou(), EPS);
    assertEquals(4.0 / 6, m.accuracy(), EPS);
    assertEquals(2 * 2.0 / (3 + 2), m.dice(0), EPS);
    assertEquals(2.0 / 3, m.recall(0), EPS);
    assertEquals(1.0, m.precision(0), EPS);
  }

  @Test
  void classesAbsentFromTruthAndPredictionAreSkippedByTheMean() {
    ConfusionMatrix m = new ConfusionMatrix(4, 255);
    m.add(new int[] {0, 1, 1}, new int[] {0, 1, 0});
    assertTrue(Double.isNaN(m.iou(2)));
    // class 0: TP1 FP1 → 1/2; class 1: TP1 FN1 → 1/2
    assertEquals(0.5, m.meanIou(), EPS);
  }

  @Test
  void changeDetectionF1ByHand() {
    // 10 pixels: TP 3, FP 1, FN 2, TN 4 → P 3/4, R 3/5, F1 2/3, IoU 3/6.
    int[] truth = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    int[] pred = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
    ChangeDetectionMetrics metrics = new ChangeDetectionMetrics(List.of("unchanged", "changed"));
    TaskSample s = new TaskSample("s", 1, List.of(new float[3]), -1, new int[] {0}, List.of(), 10, 1,
        new LabelImage(10, 1, false, truth));
    metrics.add(s, TaskPrediction.mask(new LabelImage(10, 1, false, pred)));
    TaskScores scores = metrics.compute();
    assertEquals(0.75, scores.values().get("precision"), EPS);
    assertEquals(0.6, scores.values().get("recall"), EPS);
    assertEquals(2.0 / 3, scores.values().get("f1"), EPS);
    assertEquals(0.5, scores.values().get("iou"), EPS);
    assertEquals(0.7, scores.values().get("accuracy"), EPS);
    assertEquals("f1", scores.primary());
  }

  @Test
  void noChangePredictedGivesZeroNotNaN() {
    ChangeDetectionMetrics metrics = new ChangeDetectionMetrics(List.of("unchanged", "changed"));
    TaskSample s = new TaskSample("s", 1, List.of(new float[3]), -1, new int[] {0}, List.of(), 2, 1,
        new LabelImage(2, 1, false, new int[] {1, 0}));
    metrics.add(s, TaskPrediction.mask(new LabelImage(2, 1, false, new int[] {0, 0})));
    assertEquals(0.0, metrics.compute().values().get("f1"));
    assertEquals(0.0, metrics.compute().values().get("precision"));
  }

  @Test
  void classificationAccuracyAndPerClass() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("a", "b", "c"));
    int[][] pairs = {{0, 0}, {0, 1}, {1, 1}, {1, 1}, {2, 0}};
    for (int[] p : pairs) {
      TaskSample s = new TaskSample("s", 1, List.of(new float[3]), p[0], null, List.of(), 1, 1,
          null);
      metrics.add(s, TaskPrediction.label(p[1], new float[3]));
    }
    TaskScores scores = metrics.compute();
    assertEquals(3.0 / 5, scores.values().get("accuracy"), EPS);
    assertEquals((0.5 + 1.0 + 0.0) / 3, scores.values().get("mean_class_accuracy"), EPS);
    assertEquals(0.5, scores.perClass().get("accuracy").get("a"), EPS);
    assertEquals(0.0, scores.perClass().get("accuracy").get("c"), EPS);
  }

  @Test
  void outOfRangeIdsAreUserErrors() {
    ConfusionMatrix m = new ConfusionMatrix(2, 255);
    assertThrows(VitpException.class, () -> m.add(2, 0));
    assertThrows(VitpException.class, () -> m.add(0, -1));
  }

  @Property(tries = 200)
  void metricsStayInTheUnitIntervalAndIouNeverExceedsDice(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 3) Integer> truth,
      @ForAll long seed) {
    ConfusionMatrix m = new ConfusionMatrix(4, 255);
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int t : truth) {
      m.add(t, r.nextInt(4));
    }
    for (int c = 0; c < 4; c++) {
      double iou = m.iou(c);
      double dice = m.dice(c);
      if (!Double.isNaN(iou)) {
        assertTrue(iou >= 0 && iou <= 1);
        assertTrue(iou <= dice + EPS);
        assertEquals(2 * iou / (1 + iou), dice, 1e-9); // Dice = 2 IoU / (1 + IoU)
      }
    }
    assertTrue(m.accuracy() >= 0 && m.accuracy() <= 1);
  }
}
