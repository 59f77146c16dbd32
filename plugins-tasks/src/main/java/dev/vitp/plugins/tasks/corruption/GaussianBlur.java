package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/** Gaussian defocus blur, separable, edge clamped (it uses no randomness). */
public final class GaussianBlur extends SeverityCorruption {
  /** Standard deviation per severity, in pixels. */
  static final double[] SIGMA = {0.5, 0.8, 1.1, 1.5, 2.0};

  /** {@code {"type": "gaussian-blur"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    return Planes.separable(image, width, height, Planes.gaussian(level(SIGMA, severity)));
  }
}
