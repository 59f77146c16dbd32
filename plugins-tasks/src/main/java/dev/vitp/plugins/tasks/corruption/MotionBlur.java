package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Motion blur: the mean along a line segment through each pixel at a seeded angle (platform or
 * camera motion during exposure). The segment is centred so that the image stays registered with
 * its labels.
 */
public final class MotionBlur extends SeverityCorruption {
  /** Line length per severity, in pixels. */
  static final double[] LENGTH = {3, 5, 7, 9, 11};

  /** {@code {"type": "motion-blur"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    int taps = (int) level(LENGTH, severity);
    double angle = random.nextDouble() * Math.PI;
    double ux = Math.cos(angle);
    double uy = Math.sin(angle);
    float[] out = new float[image.length];
    int plane = width * height;
    for (int off = 0; off < image.length; off += plane) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double acc = 0;
          for (int k = 0; k < taps; k++) {
            double t = k - (taps - 1) / 2.0;
            acc += Planes.sample(image, off, width, height, x + t * ux, y + t * uy);
          }
          out[off + y * width + x] = (float) (acc / taps);
        }
      }
    }
    return out;
  }
}
