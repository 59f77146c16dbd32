package dev.vitp.plugins.domains.synth;

import java.util.List;

/**
 * A polygon in pixel coordinates (x right, y down). A pixel belongs to it when its centre
 * {@code (x + 0.5, y + 0.5)} is inside (even-odd rule), which makes masks and boxes derived from
 * the rasterised pixels exact.
 */
public record Polygon(double[] xs, double[] ys) {
  public int size() {
    return xs.length;
  }

  public boolean contains(double px, double py) {
    boolean in = false;
    int n = xs.length;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      if ((ys[i] > py) != (ys[j] > py)
          && px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
        in = !in;
      }
    }
    return in;
  }

  /** An oriented rectangle centred at {@code (cx, cy)}, length along {@code angle} (radians). */
  public static Polygon rect(double cx, double cy, double length, double width, double angle) {
    return local(cx, cy, angle, new double[] {-length / 2, length / 2, length / 2, -length / 2},
        new double[] {-width / 2, -width / 2, width / 2, width / 2});
  }

  /** Local coordinates ({@code u} along the heading, {@code v} across) placed at a pose. */
  public static Polygon local(double cx, double cy, double angle, double[] u, double[] v) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[] xs = new double[u.length];
    double[] ys = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      xs[i] = cx + u[i] * c - v[i] * s;
      ys[i] = cy + u[i] * s + v[i] * c;
    }
    return new Polygon(xs, ys);
  }

  /** A regular polygon approximating a circle. */
  public static Polygon circle(double cx, double cy, double r, int sides) {
    double[] xs = new double[sides];
    double[] ys = new double[sides];
    for (int i = 0; i < sides; i++) {
      double a = 2 * Math.PI * i / sides;
      xs[i] = cx + r * Math.cos(a);
      ys[i] = cy + r * Math.sin(a);
    }
    return new Polygon(xs, ys);
  }

  /** Bounds {@code [minX, minY, maxX, maxY]} over several polygons. */
  public static double[] bounds(List<Polygon> parts) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (Polygon p : parts) {
      for (int i = 0; i < p.size(); i++) {
        b[0] = Math.min(b[0], p.xs[i]);
        b[1] = Math.min(b[1], p.ys[i]);
        b[2] = Math.max(b[2], p.xs[i]);
        b[3] = Math.max(b[3], p.ys[i]);
      }
    }
    return b;
  }
}
