package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import java.util.SplittableRandom;

/**
 * What every built-in shares: the argument check, severity 0 as an exact copy, one random stream
 * per call and the final clamp to [0, 1]. A subclass only degrades at severities 1 to 5.
 *
 * <p>The random stream is the same at every severity (it depends on the seed alone), so for one
 * seed the severities differ in strength only: the same noise pattern, cloud field, gap order or
 * rotation sign, scaled up. That makes a stronger severity change the image more, pixel by pixel
 * for most corruptions.
 */
abstract class SeverityCorruption implements Corruption {
  @Override
  public final float[] apply(float[] image, int width, int height, int severity, long seed) {
    int bands = check(image, width, height, severity);
    if (severity == 0) {
      return image.clone();
    }
    float[] out = corrupt(image, width, height, bands, severity, new SplittableRandom(seed));
    // Noise and brightness leave [0, 1] by design, interpolation by float rounding: one clamp here.
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, out[i]));
    }
    return out;
  }

  /**
   * A new array of the corrupted image (not yet clamped); {@code image} must stay unchanged.
   *
   * @param severity 1 to {@link #MAX_SEVERITY}
   */
  abstract float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random);

  /** The number of bands, after checking the arguments of {@link #apply}. */
  static int check(float[] image, int width, int height, int severity) {
    if (width <= 0 || height <= 0) {
      throw VitpException.userError("Expected a positive corruption image size. Received: width="
          + width + ", height=" + height);
    }
    if (severity < 0 || severity > MAX_SEVERITY) {
      throw VitpException.userError("Expected a corruption severity from 0 to " + MAX_SEVERITY
          + ". Received: severity=" + severity);
    }
    long plane = (long) width * height;
    if (image.length == 0 || image.length % plane != 0) {
      throw VitpException.userError("Expected planar bands of width*height=" + plane
          + " values (a non-empty multiple of it). Received: length=" + image.length + ", width="
          + width + ", height=" + height);
    }
    return (int) (image.length / plane);
  }

  /** The level of {@code table} for a severity from 1 to 5. */
  static double level(double[] table, int severity) {
    return table[severity - 1];
  }
}
