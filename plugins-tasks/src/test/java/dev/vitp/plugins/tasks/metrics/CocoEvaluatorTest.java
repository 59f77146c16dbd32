package dev.vitp.plugins.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.spi.task.TaskBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * COCO AP on cases computed by hand, and on random scenes whose expected numbers come from
 * pycocotools 2.0.11 ({@code COCOeval(..., "bbox").stats}, boxes given as xywh with area w*h).
 */
class CocoEvaluatorTest {
  private static final double EPS = 1e-9;

  private static TaskBox gt(int cls, float x1, float y1, float x2, float y2) {
    return TaskBox.of(cls, x1, y1, x2, y2);
  }

  private static TaskBox dt(int cls, float x1, float y1, float x2, float y2, float score) {
    return TaskBox.of(cls, x1, y1, x2, y2).withScore(score);
  }

  private record Image(List<TaskBox> truth, List<TaskBox> detections) {}

  private static Image image(List<TaskBox> truth, List<TaskBox> detections) {
    return new Image(truth, detections);
  }

  private record PyCocoCase(int classes, List<Image> images, double[] stats) {}

  private static double[] stats(CocoEvaluator.Result r) {
    return new double[] {r.ap(), r.ap50(), r.ap75(), r.apSmall(), r.apMedium(), r.apLarge(),
        r.ar1(), r.ar10(), r.ar100(), r.arSmall(), r.arMedium(), r.arLarge()};
  }

  @Test
  void oneDetectionWithIou0833MatchesAtSevenOfTenThresholds() {
    // IoU = 100 / 120 = 0.833: a match at .50, .55, …, .80 (7 thresholds), none at .85–.95.
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10)), List.of(dt(0, 0, 0, 10, 12, 0.9f)));
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(0.7, r.ap(), EPS);
    assertEquals(1.0, r.ap50(), EPS);
    assertEquals(1.0, r.ap75(), EPS);
    assertEquals(0.7, r.apSmall(), EPS); // area 100 < 32²
    assertEquals(-1, r.apMedium(), EPS); // no truth in range: undefined
    assertEquals(0.7, r.ar100(), EPS);
  }

  @Test
  void aHigherScoredFalsePositiveHalvesThePrecisionEnvelope() {
    // Ranked: FP (0.9), TP (0.5) → precision at recall 1 is 1/2, the envelope is 1/2 everywhere.
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10)),
        List.of(dt(0, 50, 50, 60, 60, 0.9f), dt(0, 0, 0, 10, 10, 0.5f)));
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(0.5, r.ap(), EPS);
    assertEquals(0.0, r.ar1(), EPS); // the single best detection is the FP
    assertEquals(1.0, r.ar10(), EPS);
  }

  @Test
  void interpolatedPrecisionAt101RecallPoints() {
    // TP, FP, TP: recall .5, .5, 1; precision 1, 1/2, 2/3 → envelope 1, 2/3, 2/3.
    // Recall points 0.00..0.50 (51) take 1, 0.51..1.00 (50) take 2/3: (51 + 100/3) / 101.
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10), gt(0, 20, 20, 30, 30)),
        List.of(dt(0, 0, 0, 10, 10, 0.9f), dt(0, 50, 50, 60, 60, 0.8f),
            dt(0, 20, 20, 30, 30, 0.7f)));
    double expected = (51 + 100.0 / 3) / 101;
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(expected, r.ap(), EPS);
    assertEquals(0.8349835, r.ap(), 1e-7); // pycocotools
    assertEquals(0.5, r.ar1(), EPS);
  }

  @Test
  void classesWithoutTruthAreLeftOutOfTheMean() {
    // Class 1 has only a false positive and no truth: pycocotools skips it (precision -1).
    CocoEvaluator e = new CocoEvaluator(2, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10)),
        List.of(dt(0, 0, 0, 10, 10, 0.9f), dt(1, 30, 30, 40, 40, 0.99f)));
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(1.0, r.ap(), EPS);
    assertEquals(Double.NaN, r.perClassAp()[1]);
  }

  @Test
  void difficultTruthNeitherRewardsNorPenalises() {
    // The detection on the difficult box is ignored (not a FP); the other one is a TP → AP 1.
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10), gt(0, 20, 20, 30, 30).withDifficult(true)),
        List.of(dt(0, 20, 20, 30, 30, 0.95f), dt(0, 0, 0, 10, 10, 0.6f)));
    assertEquals(1.0, e.evaluate().ap(), EPS);
    // Without the flag the same scene has a missed-then-found ranking: recall 1 at both.
    CocoEvaluator plain = new CocoEvaluator(1, false);
    plain.addImage(List.of(gt(0, 0, 0, 10, 10), gt(0, 20, 20, 30, 30)),
        List.of(dt(0, 20, 20, 30, 30, 0.95f), dt(0, 0, 0, 10, 10, 0.6f)));
    assertEquals(1.0, plain.evaluate().ap(), EPS);
  }

  @Test
  void unmatchedDetectionsOutsideTheAreaRangeAreIgnored() {
    // For the "small" range the large FP (area 2500) is ignored; for "all" it costs precision.
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10)),
        List.of(dt(0, 100, 100, 150, 150, 0.9f), dt(0, 0, 0, 10, 10, 0.5f)));
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(1.0, r.apSmall(), EPS);
    assertEquals(0.5, r.ap(), EPS);
  }

  @Test
  void maxDetsKeepsTheBestScoredDetectionsPerImage() {
    CocoEvaluator e = new CocoEvaluator(1, false);
    e.addImage(List.of(gt(0, 0, 0, 10, 10)),
        List.of(dt(0, 0, 0, 10, 10, 0.2f), dt(0, 40, 40, 50, 50, 0.3f)));
    CocoEvaluator.Result r = e.evaluate();
    assertEquals(0.0, r.ar1(), EPS); // only the 0.3 FP survives maxDets=1
    assertEquals(1.0, r.ar10(), EPS);
  }

  @Test
  void rotatedIouMakesA45DegreeTurnCost() {
    // Unit square vs the same square turned 45°: the overlap is a regular octagon of area
    // 2(√2 − 1), IoU = 1/√2 < .75 → matched at .50–.70 (5 of 10 thresholds).
    float h = 0.5f;
    float r2 = (float) (Math.sqrt(2) / 2);
    TaskBox square = TaskBox.oriented(0, new float[] {-h, -h, h, -h, h, h, -h, h}, false);
    TaskBox diamond = TaskBox.oriented(0, new float[] {0, -r2, r2, 0, 0, r2, -r2, 0}, false)
        .withScore(0.9f);
    assertEquals(1 / Math.sqrt(2), Polygons.iou(square, diamond), 1e-6);
    CocoEvaluator e = new CocoEvaluator(1, true);
    e.addImage(List.of(square), List.of(diamond));
    assertEquals(0.5, e.evaluate().ap(), EPS);
  }

  @Test
  void matchesPycocotoolsOnRandomScenes() {
    for (PyCocoCase c : PYCOCO_CASES) {
      CocoEvaluator e = new CocoEvaluator(c.classes(), false);
      for (Image img : c.images()) {
        e.addImage(img.truth(), img.detections());
      }
      double[] actual = stats(e.evaluate());
      for (int i = 0; i < actual.length; i++) {
        assertEquals(c.stats()[i], actual[i], 1e-6, "stat " + i);
      }
    }
  }

  private static final List<PyCocoCase> PYCOCO_CASES = List.of(
    new PyCocoCase(3, List.of(
        image(List.of(gt(0, 130.2f, 14.5f, 164.2f, 39.0f), gt(2, 189.5f, 126.1f, 202.8f, 131.1f)),
            List.of(dt(0, 130.3f, 8.9f, 163.4f, 33.8f, 0.425f), dt(2, 184.1f, 122.8f, 203.5f, 126.7f, 0.541f), dt(2, 163.2f, 36.1f, 211.4f, 88.7f, 0.372f), dt(2, 142.4f, 112.9f, 193.5f, 154.6f, 0.532f))),
        image(List.of(gt(1, 184.7f, 72.3f, 225.0f, 102.6f), gt(0, 102.4f, 33.0f, 111.9f, 51.9f)),
            List.of(dt(1, 179.7f, 69.9f, 224.9f, 100.7f, 0.609f), dt(0, 107.9f, 27.9f, 112.6f, 55.4f, 0.34f), dt(2, 99.3f, 159.4f, 108.6f, 170.5f, 0.27f), dt(2, 132.8f, 12.1f, 190.1f, 65.3f, 0.993f))),
        image(List.of(gt(1, 77.2f, 133.7f, 84.5f, 205.1f), gt(1, 33.3f, 80.3f, 41.7f, 86.5f), gt(0, 30.3f, 131.7f, 34.5f, 149.0f)),
            List.of(dt(1, 72.6f, 128.4f, 87.7f, 200.7f, 0.391f), dt(1, 33.9f, 82.8f, 47.5f, 88.7f, 0.231f), dt(0, 27.7f, 127.4f, 34.9f, 150.3f, 0.125f))),
        image(List.of(gt(2, 78.5f, 79.8f, 97.6f, 176.4f), gt(0, 20.3f, 72.7f, 28.0f, 204.4f), gt(1, 96.8f, 17.2f, 106.5f, 40.4f)),
            List.of(dt(2, 73.3f, 76.3f, 93.5f, 174.5f, 0.0f), dt(0, 16.1f, 69.7f, 26.2f, 202.8f, 0.849f), dt(1, 99.8f, 13.1f, 100.8f, 45.8f, 0.147f)))),
        new double[] {0.06996699669966995, 0.15676567656765675, 0.08580858085808578, 0.025742574257425734, 0.325, -1.0, 0.10833333333333334, 0.10833333333333334, 0.10833333333333334, 0.025, 0.4, -1.0}),
    new PyCocoCase(3, List.of(
        image(List.of(gt(1, 172.7f, 139.2f, 214.8f, 196.8f), gt(0, 163.7f, 148.0f, 171.3f, 160.3f), gt(1, 197.6f, 191.0f, 254.8f, 227.2f), gt(2, 159.9f, 17.0f, 200.9f, 71.9f)),
            List.of(dt(1, 176.0f, 139.6f, 218.1f, 194.8f, 0.812f), dt(0, 158.0f, 142.3f, 168.7f, 157.4f, 0.957f), dt(1, 194.0f, 187.5f, 256.3f, 232.0f, 0.479f), dt(2, 162.9f, 16.7f, 197.0f, 75.4f, 0.801f), dt(1, 80.3f, 189.4f, 139.4f, 206.3f, 0.127f), dt(0, 118.2f, 93.1f, 172.0f, 143.6f, 0.596f), dt(1, 131.5f, 70.1f, 177.2f, 84.0f, 0.014f))),
        image(List.of(gt(2, 105.3f, 186.7f, 116.3f, 204.7f), gt(0, 50.4f, 58.6f, 58.2f, 72.0f), gt(2, 165.4f, 175.6f, 176.8f, 188.1f), gt(2, 24.1f, 12.4f, 127.7f, 93.8f), gt(1, 5.6f, 178.8f, 18.8f, 230.3f)),
            List.of(dt(0, 49.4f, 54.2f, 63.1f, 70.2f, 0.583f), dt(2, 169.9f, 178.9f, 178.1f, 191.4f, 0.142f), dt(2, 27.4f, 17.0f, 122.4f, 90.1f, 0.098f), dt(2, 55.4f, 101.6f, 120.8f, 144.2f, 0.248f))),
        image(List.of(gt(1, 178.6f, 40.5f, 247.9f, 105.3f), gt(0, 128.7f, 73.2f, 169.6f, 97.3f), gt(2, 198.8f, 80.8f, 226.4f, 104.7f), gt(1, 192.2f, 22.6f, 330.3f, 59.9f)),
            List.of(dt(1, 176.4f, 42.6f, 247.0f, 101.9f, 0.122f), dt(0, 131.7f, 68.3f, 174.2f, 93.3f, 0.224f), dt(2, 197.2f, 78.9f, 225.9f, 107.1f, 0.517f))),
        image(List.of(gt(1, 181.2f, 36.3f, 197.3f, 53.4f), gt(2, 81.2f, 107.3f, 114.0f, 139.0f)),
            List.of(dt(2, 78.5f, 110.9f, 110.2f, 143.7f, 0.017f)))),
        new double[] {0.20132013201320131, 0.36716171617161714, 0.23003300330033005, 0.07480748074807479, 0.44855610561056103, -1.0, 0.18888888888888886, 0.25555555555555554, 0.25555555555555554, 0.08888888888888888, 0.5166666666666666, -1.0}),
    new PyCocoCase(3, List.of(
        image(List.of(gt(0, 171.2f, 13.3f, 301.2f, 83.6f), gt(0, 52.4f, 36.2f, 71.3f, 50.3f)),
            List.of(dt(0, 171.8f, 18.4f, 298.4f, 79.2f, 0.238f), dt(0, 48.9f, 35.5f, 73.4f, 47.5f, 0.994f))),
        image(List.of(),
            List.of()),
        image(List.of(gt(2, 195.6f, 102.8f, 235.5f, 172.1f), gt(0, 68.5f, 166.5f, 83.8f, 180.6f), gt(0, 16.9f, 168.3f, 34.8f, 183.0f), gt(1, 64.7f, 6.9f, 197.5f, 42.7f), gt(0, 163.4f, 28.8f, 200.3f, 54.8f)),
            List.of(dt(0, 197.4f, 104.7f, 236.1f, 176.8f, 0.308f), dt(0, 66.7f, 161.2f, 79.4f, 175.4f, 0.256f), dt(0, 13.8f, 165.8f, 34.3f, 178.9f, 0.263f), dt(1, 62.7f, 1.9f, 194.8f, 44.6f, 0.776f), dt(0, 165.0f, 23.8f, 205.8f, 59.0f, 0.893f), dt(1, 144.1f, 98.8f, 169.7f, 149.9f, 0.145f), dt(2, 178.4f, 125.5f, 238.2f, 191.2f, 0.139f), dt(2, 150.6f, 113.7f, 216.4f, 118.9f, 0.686f))),
        image(List.of(gt(2, 128.6f, 17.0f, 138.7f, 114.0f), gt(1, 111.7f, 125.6f, 150.8f, 167.7f), gt(0, 147.4f, 50.4f, 162.2f, 93.2f), gt(2, 153.4f, 123.4f, 193.4f, 131.7f), gt(1, 19.9f, 43.5f, 95.4f, 151.0f)),
            List.of(dt(1, 105.7f, 129.2f, 153.8f, 167.7f, 0.659f), dt(0, 143.9f, 53.3f, 167.9f, 93.1f, 0.479f), dt(2, 150.4f, 126.3f, 191.1f, 132.5f, 0.061f), dt(1, 19.5f, 46.7f, 101.3f, 151.6f, 0.086f), dt(0, 57.9f, 15.3f, 100.4f, 94.9f, 0.994f), dt(1, 42.0f, 189.1f, 62.0f, 237.3f, 0.142f), dt(2, 52.4f, 71.9f, 102.2f, 123.9f, 0.28f)))),
        new double[] {0.24567656765676568, 0.527035203520352, 0.29546204620462047, 0.10321782178217821, 0.2693069306930693, -1.0, 0.17777777777777776, 0.3333333333333333, 0.3333333333333333, 0.11499999999999999, 0.4666666666666667, -1.0}));
}
