package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Rotation about the image centre by the severity's angle, clockwise or counter-clockwise by the
 * seed (off-nadir or mis-registered views); bilinear, and the corners that come from outside the
 * image repeat its edge pixels (edge clamp).
 */
public final class Rotation extends SeverityCorruption {
  /** Angle per severity, in degrees. */
  static final double[] DEGREES = {5, 10, 15, 25, 35};

  /** {@code {"type": "rotation"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  public boolean geometric() {
    return true;
  }

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double angle = (random.nextBoolean() ? 1 : -1) * Math.toRadians(level(DEGREES, severity));
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    // Each output pixel reads the source rotated back by the angle.
    return Planes.warp(image, width, height, cos, sin, -sin, cos, 0, 0);
  }
}
