package dev.vitp.plugins.domains.medical;

import java.util.SplittableRandom;

/**
 * An ellipsoid in normalised coordinates ({@code x, y} in [-1, 1] across the image, {@code y}
 * down; {@code z} in [-1, 1] along the volume), rotated by {@code angle} in the axial plane.
 */
record Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz, double angle) {
  boolean contains(double x, double y, double z) {
    double dx = x - cx;
    double dy = y - cy;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double u = (dx * c + dy * s) / rx;
    double v = (-dx * s + dy * c) / ry;
    double w = (z - cz) / rz;
    return u * u + v * v + w * w <= 1;
  }

  /** The same ellipsoid with centre and radii jittered by up to {@code j} (relative radii). */
  Ellipsoid jitter(SplittableRandom r, double shift, double scale) {
    return new Ellipsoid(cx + (r.nextDouble() - 0.5) * 2 * shift,
        cy + (r.nextDouble() - 0.5) * 2 * shift, cz + (r.nextDouble() - 0.5) * 2 * shift,
        rx * (1 + (r.nextDouble() - 0.5) * 2 * scale), ry * (1 + (r.nextDouble() - 0.5) * 2 * scale),
        rz * (1 + (r.nextDouble() - 0.5) * 2 * scale), angle + (r.nextDouble() - 0.5) * 0.3);
  }

  /** A random point well inside (at most {@code depth} of each radius from the centre). */
  double[] inside(SplittableRandom r, double depth) {
    double u;
    double v;
    double w;
    do {
      u = r.nextDouble() * 2 - 1;
      v = r.nextDouble() * 2 - 1;
      w = r.nextDouble() * 2 - 1;
    } while (u * u + v * v + w * w > 1);
    u *= depth * rx;
    v *= depth * ry;
    w *= depth * rz;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    return new double[] {cx + u * c - v * s, cy + u * s + v * c, cz + w};
  }
}
