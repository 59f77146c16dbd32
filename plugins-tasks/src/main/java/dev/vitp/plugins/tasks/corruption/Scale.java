package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Zoom about the image centre by a factor 1 ± 0.05·s, in or out by the seed (ground sampling
 * distance differing from training); bilinear, and zooming out repeats the edge pixels (edge
 * clamp) where the image has no content.
 */
public final class Scale extends SeverityCorruption {
  /** Change of the zoom factor per severity step. */
  static final double STEP = 0.05;

  /** {@code {"type": "scale"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  public boolean geometric() {
    return true;
  }

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    double factor = 1 + (random.nextBoolean() ? 1 : -1) * STEP * severity;
    return Planes.warp(image, width, height, 1 / factor, 0, 0, 1 / factor, 0, 0);
  }
}
