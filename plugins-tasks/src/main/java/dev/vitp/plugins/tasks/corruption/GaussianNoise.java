package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/** Additive Gaussian noise, independent per pixel and band (sensor read noise). */
public final class GaussianNoise extends SeverityCorruption {
  /** Standard deviation per severity, in [0, 1] units. */
  static final double[] SIGMA = {0.04, 0.08, 0.12, 0.18, 0.26};

  /** {@code {"type": "gaussian-noise"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double sigma = level(SIGMA, severity);
    float[] out = new float[image.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (image[i] + sigma * random.nextGaussian());
    }
    return out;
  }
}
