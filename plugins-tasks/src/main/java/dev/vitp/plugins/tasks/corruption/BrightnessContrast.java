package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * A contrast change around each band's mean and a brightness shift (exposure and illumination
 * differences between acquisitions). The seed picks the directions and a strength between 75 %
 * and 100 % of the severity's; contrast becomes ×(1 ± 0.15·s·u) and brightness ±0.06·s·u.
 */
public final class BrightnessContrast extends SeverityCorruption {
  /** Contrast change per severity step. */
  static final double CONTRAST_STEP = 0.15;
  /** Brightness shift per severity step, in [0, 1] units. */
  static final double BRIGHTNESS_STEP = 0.06;

  /** {@code {"type": "brightness-contrast"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double contrast = 1 + sign(random) * CONTRAST_STEP * severity * strength(random);
    double shift = sign(random) * BRIGHTNESS_STEP * severity * strength(random);
    float[] out = new float[image.length];
    int plane = width * height;
    for (int off = 0; off < image.length; off += plane) {
      double mean = 0;
      for (int i = off; i < off + plane; i++) {
        mean += image[i];
      }
      mean /= plane;
      for (int i = off; i < off + plane; i++) {
        out[i] = (float) ((image[i] - mean) * contrast + mean + shift);
      }
    }
    return out;
  }

  private static double sign(SplittableRandom random) {
    return random.nextBoolean() ? 1 : -1;
  }

  private static double strength(SplittableRandom random) {
    return 0.75 + 0.25 * random.nextDouble();
  }
}
