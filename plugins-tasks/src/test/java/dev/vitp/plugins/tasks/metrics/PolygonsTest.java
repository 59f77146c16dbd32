package dev.vitp.plugins.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

/** Polygon IoU on hand-computed cases and against shapely 2.1.2 on random rectangles. */
class PolygonsTest {
  @Test
  void halfOverlappingSquares() {
    // [0,2]² and [1,3]×[0,2]: overlap 2, union 6.
    double[] a = {0, 0, 2, 0, 2, 2, 0, 2};
    double[] b = {1, 0, 3, 0, 3, 2, 1, 2};
    assertEquals(1.0 / 3, Polygons.iou(a, b), 1e-12);
  }

  @Test
  void cornerOrderAndWindingDoNotMatter() {
    double[] a = {0, 0, 2, 0, 2, 2, 0, 2};
    double[] clockwise = {0, 0, 0, 2, 2, 2, 2, 0};
    double[] crossed = {0, 0, 2, 2, 2, 0, 0, 2}; // a bow-tie order of the same corners
    assertEquals(1.0, Polygons.iou(a, clockwise), 1e-12);
    assertEquals(1.0, Polygons.iou(a, crossed), 1e-12);
  }

  @Test
  void disjointAndDegenerate() {
    assertEquals(0.0, Polygons.iou(new double[] {0, 0, 1, 0, 1, 1, 0, 1},
        new double[] {5, 5, 6, 5, 6, 6, 5, 6}), 0);
    assertEquals(0.0, Polygons.iou(new double[] {0, 0, 1, 1, 2, 2, 3, 3},
        new double[] {0, 0, 1, 0, 1, 1, 0, 1}), 0);
  }

  @Test
  void matchesShapelyOnRandomRectangles() {
    for (double[] c : SHAPELY) {
      double[] a = Arrays.copyOfRange(c, 0, 8);
      double[] b = Arrays.copyOfRange(c, 8, 16);
      assertEquals(c[16], Polygons.iou(a, b), 1e-9, Arrays.toString(c));
    }
  }

  @Property(tries = 200)
  void iouIsSymmetricBoundedAndOneWithItself(
      @ForAll @FloatRange(min = 0, max = 50) float cx, @ForAll @FloatRange(min = 0, max = 50) float cy,
      @ForAll @FloatRange(min = 1, max = 30) float w, @ForAll @FloatRange(min = 1, max = 30) float h,
      @ForAll @FloatRange(min = 0, max = 3.14f) float angle,
      @ForAll @FloatRange(min = -10, max = 10) float dx, @ForAll @FloatRange(min = 0, max = 3.14f) float angle2) {
    double[] a = rect(cx, cy, w, h, angle);
    double[] b = rect(cx + dx, cy, w, h, angle2);
    double ab = Polygons.iou(a, b);
    assertEquals(ab, Polygons.iou(b, a), 1e-9);
    assertEquals(1.0, Polygons.iou(a, a), 1e-9);
    org.junit.jupiter.api.Assertions.assertTrue(ab >= 0 && ab <= 1 + 1e-12, "iou " + ab);
  }

  private static double[] rect(double cx, double cy, double w, double h, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[] out = new double[8];
    double[][] d = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
    for (int i = 0; i < 4; i++) {
      out[2 * i] = cx + d[i][0] * c - d[i][1] * s;
      out[2 * i + 1] = cy + d[i][0] * s + d[i][1] * c;
    }
    return out;
  }

  private static final double[][] SHAPELY = {
      {45.03, 38.51, 38.13, 55.08, 14.00, 45.02, 20.91, 28.46, 48.00, 38.33, 40.15, 54.94, 14.83, 42.92, 21.72, 30.67, 0.7769292180184193},
      {53.75, 42.46, 33.09, 62.09, 28.10, 56.84, 48.77, 37.21, 60.97, 27.51, 61.49, 33.57, 26.32, 36.59, 25.80, 30.53, 0.0},
      {61.51, 34.93, 71.23, 63.31, 36.00, 75.37, 26.28, 47.00, 39.43, 15.05, 75.42, 26.42, 64.64, 60.52, 28.65, 49.15, 0.27880429333635615},
      {42.30, 14.72, 27.26, 50.49, 8.58, 42.63, 23.61, 6.87, 42.81, 17.15, 28.35, 53.06, 10.72, 45.58, 24.64, 4.85, 0.7954521358230582},
      {75.59, 51.99, 52.77, 80.69, 33.26, 65.18, 56.08, 36.48, 17.64, 43.44, 42.22, 48.41, 39.25, 63.09, 14.67, 58.12, 0.011110250752590187},
      {68.90, 51.12, 71.14, 58.90, 39.42, 68.07, 37.17, 60.29, 12.69, 11.95, 44.29, 16.36, 39.37, 51.57, 7.77, 47.15, 0.0},
      {61.64, 24.01, 33.58, 35.02, 27.52, 19.59, 55.58, 8.57, 62.24, 21.20, 31.76, 34.47, 28.18, 17.53, 52.83, 10.78, 0.8004884537241557},
      {39.34, 39.17, 43.85, 75.27, 25.77, 77.53, 21.26, 41.43, 56.99, 38.27, 47.46, 62.30, 24.62, 53.24, 34.14, 29.21, 0.21694667455240912}};
}
