package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.task.TaskBox;
import java.util.Arrays;

/**
 * Plane geometry for oriented boxes: convex hulls, areas, convex polygon intersection
 * (Sutherland–Hodgman) and IoU. Polygons are flat arrays {@code [x0, y0, x1, y1, …]}.
 */
public final class Polygons {
  private Polygons() {}

  /** Signed area by the shoelace formula: positive when counter-clockwise (y up). */
  public static double signedArea(double[] p) {
    int n = p.length / 2;
    double a = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      a += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
    }
    return a / 2;
  }

  public static double area(double[] p) {
    return Math.abs(signedArea(p));
  }

  /**
   * The convex hull (monotone chain), counter-clockwise, without collinear points. Four DOTA
   * corners in any order — even a self-intersecting one — give the quadrilateral they span.
   */
  public static double[] convexHull(double[] points) {
    int n = points.length / 2;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> points[2 * a] != points[2 * b]
        ? Double.compare(points[2 * a], points[2 * b])
        : Double.compare(points[2 * a + 1], points[2 * b + 1]));
    if (n < 3) {
      double[] out = new double[2 * n];
      for (int i = 0; i < n; i++) {
        out[2 * i] = points[2 * order[i]];
        out[2 * i + 1] = points[2 * order[i] + 1];
      }
      return out;
    }
    int[] hull = new int[2 * n];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
      int start = k;
      for (int idx = 0; idx < n; idx++) {
        int i = pass == 0 ? order[idx] : order[n - 1 - idx];
        while (k >= start + 2 && cross(points, hull[k - 2], hull[k - 1], i) <= 0) {
          k--;
        }
        hull[k++] = i;
      }
      k--; // the last point of each chain is the first of the other
    }
    double[] out = new double[2 * k];
    for (int i = 0; i < k; i++) {
      out[2 * i] = points[2 * hull[i]];
      out[2 * i + 1] = points[2 * hull[i] + 1];
    }
    return out;
  }

  private static double cross(double[] p, int o, int a, int b) {
    return (p[2 * a] - p[2 * o]) * (p[2 * b + 1] - p[2 * o + 1])
        - (p[2 * a + 1] - p[2 * o + 1]) * (p[2 * b] - p[2 * o]);
  }

  /**
   * The intersection of two convex counter-clockwise polygons (Sutherland–Hodgman: {@code subject}
   * clipped by each edge of {@code clip}); empty when they do not overlap.
   */
  public static double[] intersection(double[] subject, double[] clip) {
    double[] out = subject;
    int m = clip.length / 2;
    for (int e = 0; e < m && out.length > 0; e++) {
      double ax = clip[2 * e];
      double ay = clip[2 * e + 1];
      double bx = clip[2 * ((e + 1) % m)];
      double by = clip[2 * ((e + 1) % m) + 1];
      double[] in = out;
      int n = in.length / 2;
      double[] next = new double[4 * n + 4];
      int k = 0;
      for (int i = 0; i < n; i++) {
        double px = in[2 * i];
        double py = in[2 * i + 1];
        double qx = in[2 * ((i + 1) % n)];
        double qy = in[2 * ((i + 1) % n) + 1];
        double sp = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        double sq = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
        if (sp >= 0) {
          next[k++] = px;
          next[k++] = py;
        }
        if ((sp >= 0) != (sq >= 0)) {
          double t = sp / (sp - sq);
          next[k++] = px + t * (qx - px);
          next[k++] = py + t * (qy - py);
        }
      }
      out = Arrays.copyOf(next, k);
    }
    return out.length < 6 ? new double[0] : out;
  }

  /** IoU of two polygons given by their points (each made convex first). */
  public static double iou(double[] a, double[] b) {
    double[] ha = convexHull(a);
    double[] hb = convexHull(b);
    double areaA = area(ha);
    double areaB = area(hb);
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double inter = area(intersection(ha, hb));
    double union = areaA + areaB - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** Rotated IoU of two boxes (horizontal boxes count as their four corners). */
  public static double iou(TaskBox a, TaskBox b) {
    return iou(toDoubles(a.corners()), toDoubles(b.corners()));
  }

  /** The area of a box: its polygon's for an oriented box, width × height otherwise. */
  public static double area(TaskBox box) {
    return box.isOriented() ? area(convexHull(toDoubles(box.corners())))
        : (double) box.width() * box.height();
  }

  /** COCO's IoU of horizontal boxes (continuous coordinates, no +1). */
  public static double boxIou(TaskBox a, TaskBox b) {
    double iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
    double ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    double union = (double) a.width() * a.height() + (double) b.width() * b.height() - inter;
    return union <= 0 ? 0 : inter / union;
  }

  static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
