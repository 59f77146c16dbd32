package dev.vitp.plugins.tasks.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.tasks.metrics.Polygons;
import dev.vitp.spi.task.TaskBox;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The detection head's target coding: what is encoded decodes back to the same boxes. */
class CenterNetTest {
  @Test
  void gaussianRadiusMatchesCenterNet() {
    // CenterNet's gaussian_radius((10, 20), 0.7), run in Python: 3.6779253585061333.
    assertEquals(3.6779253585061333, CenterNet.gaussianRadius(10, 20), 1e-9);
  }

  @Property(tries = 100)
  void minAreaRectOfARotatedRectangleIsItself(@ForAll @DoubleRange(min = 2, max = 30) double w,
      @ForAll @DoubleRange(min = 2, max = 30) double h,
      @ForAll @DoubleRange(min = 0, max = 3.14) double theta) {
    CenterNet.Rect r = CenterNet.canonical(40, 30, w, h, theta);
    CenterNet.Rect back = CenterNet.minAreaRect(r.corners());
    assertEquals(Math.max(w, h), back.w(), 1e-3);
    assertEquals(Math.min(w, h), back.h(), 1e-3);
    assertEquals(1.0, Polygons.iou(Polygons.convexHull(toDoubles(r.corners())),
        Polygons.convexHull(toDoubles(back.corners()))), 1e-4);
  }

  @Test
  void perfectPredictionsDecodeToTheTruth() {
    List<TaskBox> truth = List.of(TaskBox.of(0, 4, 6, 20, 14), TaskBox.of(1, 30, 30, 50, 60));
    int m = 16;
    float stride = 4;
    CenterNet.Targets t = CenterNet.encode(List.of(truth), 2, m, stride, false);
    assertEquals(2, t.positives());
    // A "perfect" network outputs the target heatmap and, at the centres, the targets.
    float[] reg = new float[4 * m * m];
    for (int j = 0; j < t.indices().length; j++) {
      for (int c = 0; c < 4; c++) {
        reg[c * m * m + t.indices()[j]] = t.regression()[j * 4 + c];
      }
    }
    List<TaskBox> out = CenterNet.decode(t.heatmap(), reg, 2, m, stride, 64, false, 0.5f, 100,
        0.5f);
    assertEquals(2, out.size());
    for (TaskBox b : out) {
      TaskBox match = truth.get(b.cls());
      assertTrue(Polygons.boxIou(b, match) > 0.999, b + " vs " + match);
    }
  }

  @Test
  void orientedTargetsDecodeToTheSameRectangle() {
    CenterNet.Rect rect = CenterNet.canonical(30, 34, 24, 8, 0.6);
    TaskBox truth = TaskBox.oriented(0, rect.corners(), false);
    int m = 16;
    CenterNet.Targets t = CenterNet.encode(List.of(List.of(truth)), 1, m, 4, true);
    float[] reg = new float[6 * m * m];
    for (int c = 0; c < 6; c++) {
      reg[c * m * m + t.indices()[0]] = t.regression()[c];
    }
    List<TaskBox> out = CenterNet.decode(t.heatmap(), reg, 1, m, 4, 64, true, 0.5f, 100, 0.5f);
    assertEquals(1, out.size());
    assertEquals(1.0, Polygons.iou(out.get(0), truth), 1e-4);
  }

  @Test
  void nmsKeepsTheBestOfOverlappingBoxesPerClass() {
    List<TaskBox> sorted = List.of(TaskBox.of(0, 0, 0, 10, 10).withScore(0.9f),
        TaskBox.of(0, 1, 1, 11, 11).withScore(0.8f), TaskBox.of(1, 1, 1, 11, 11).withScore(0.7f),
        TaskBox.of(0, 20, 20, 30, 30).withScore(0.6f));
    List<TaskBox> kept = CenterNet.nms(sorted, 0.5f, false);
    assertEquals(3, kept.size());
    assertEquals(0.7f, kept.get(1).score());
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
