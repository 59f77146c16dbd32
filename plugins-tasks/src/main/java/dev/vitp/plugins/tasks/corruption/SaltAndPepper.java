package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Impulse noise: a fraction of the pixels turns black or white in every band (dead or saturated
 * detector elements).
 */
public final class SaltAndPepper extends SeverityCorruption {
  /** Fraction of pixels hit per severity. */
  static final double[] FRACTION = {0.01, 0.03, 0.05, 0.08, 0.12};

  /** {@code {"type": "salt-and-pepper"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double fraction = level(FRACTION, severity);
    float[] out = image.clone();
    int plane = width * height;
    for (int p = 0; p < plane; p++) {
      // Both draws for every pixel, so a stronger severity hits a superset of the pixels.
      boolean hit = random.nextDouble() < fraction;
      float value = random.nextBoolean() ? 1f : 0f;
      if (hit) {
        for (int b = 0; b < bands; b++) {
          out[b * plane + p] = value;
        }
      }
    }
    return out;
  }
}
