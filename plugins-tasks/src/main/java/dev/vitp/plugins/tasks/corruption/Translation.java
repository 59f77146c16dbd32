package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * A shift in a seeded direction by the severity's share of the image size (mis-registration);
 * bilinear, so sub-pixel shifts of small images still count, and the uncovered side repeats the
 * edge pixels (edge clamp).
 */
public final class Translation extends SeverityCorruption {
  /** Shift per severity, as a fraction of the width (x) and the height (y). */
  static final double[] SHIFT = {0.02, 0.04, 0.06, 0.09, 0.12};

  /** {@code {"type": "translation"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  public boolean geometric() {
    return true;
  }

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double angle = random.nextDouble() * 2 * Math.PI;
    double shift = level(SHIFT, severity);
    double dx = Math.cos(angle) * shift * width;
    double dy = Math.sin(angle) * shift * height;
    return Planes.warp(image, width, height, 1, 0, 0, 1, -dx, -dy);
  }
}
