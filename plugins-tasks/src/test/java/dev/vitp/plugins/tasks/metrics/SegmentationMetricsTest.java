package dev.vitp.plugins.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dice per class, and its mean with and without the background class (medical sets). */
class SegmentationMetricsTest {
  private static TaskScores score(List<String> classes, int[] truth, int[] predicted) {
    SegmentationMetrics metrics = new SegmentationMetrics(classes);
    TaskSample sample = new TaskSample("s", 2, List.of(new float[12]), -1, truth, List.of(), 2, 2,
        null);
    metrics.add(sample, TaskPrediction.mask(new LabelImage(2, 2, false, predicted)));
    return metrics.compute();
  }

  @Test
  void meanDiceWithAndWithoutBackground() {
    // truth 0 0 1 2, predicted 0 1 1 1: background 2*1/(2+1), class 1 2*1/(1+3), class 2 0
    TaskScores s = score(List.of("background", "liver", "tumour"), new int[] {0, 0, 1, 2},
        new int[] {0, 1, 1, 1});
    assertEquals(2.0 / 3, s.perClass().get("dice").get("background"), 1e-12);
    assertEquals(0.5, s.perClass().get("dice").get("liver"), 1e-12);
    assertEquals(0.0, s.perClass().get("dice").get("tumour"), 1e-12);
    assertEquals((2.0 / 3 + 0.5) / 3, s.values().get("mdice"), 1e-12);
    assertEquals(0.25, s.values().get("mdice_no_bg"), 1e-12);
  }

  @Test
  void noBackgroundMeanWhereClassZeroIsNotBackground() {
    TaskScores s = score(List.of("clutter", "building"), new int[] {0, 0, 1, 1},
        new int[] {0, 1, 1, 1});
    assertFalse(s.values().containsKey("mdice_no_bg"), s.values().toString());
  }
}
