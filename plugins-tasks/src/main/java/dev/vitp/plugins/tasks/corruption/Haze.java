package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Atmospheric haze by the scattering model {@code I = J t + A (1 - t)}: a bright airlight A of
 * 0.85 to 0.95 and a transmission t = 1 − 0.12·s·g, where g runs from 0.85 to 1.15 along a
 * seeded direction (haze thickens across the scene, as it does with distance or terrain).
 */
public final class Haze extends SeverityCorruption {
  /** Transmission lost per severity step. */
  static final double STEP = 0.12;

  /** {@code {"type": "haze"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double airlight = 0.85 + 0.1 * random.nextDouble();
    double angle = random.nextDouble() * 2 * Math.PI;
    double ux = Math.cos(angle);
    double uy = Math.sin(angle);
    // The projection of the image corners on the direction, to bring the ramp to [0, 1].
    double lo = Math.min(0, ux * (width - 1)) + Math.min(0, uy * (height - 1));
    double hi = Math.max(0, ux * (width - 1)) + Math.max(0, uy * (height - 1));
    double range = hi - lo;
    int plane = width * height;
    float[] out = new float[image.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double ramp = range > 0 ? (x * ux + y * uy - lo) / range : 0.5;
        double t = 1 - STEP * severity * (0.85 + 0.3 * ramp);
        for (int b = 0; b < bands; b++) {
          int i = b * plane + y * width + x;
          out[i] = (float) (image[i] * t + airlight * (1 - t));
        }
      }
    }
    return out;
  }
}
