package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.SplittableRandom;

/**
 * Missing data set to 0 in every band, as sensor dropouts leave it: seeded horizontal stripes
 * (lost scan lines, a few rows thick) and rectangular blocks (lost packets), added until they
 * cover the severity's share of the area (rounded up to whole pixels). Every severity draws the
 * same sequence of gaps and stops later, so a stronger severity blanks a superset.
 */
public final class DataGaps extends SeverityCorruption {
  /** Fraction of the area missing per severity. */
  static final double[] AREA = {0.04, 0.08, 0.12, 0.18, 0.25};
  /** Enough draws to cover any share of any image; a bound against an endless loop only. */
  private static final int MAX_GAPS = 1 << 16;

  /** {@code {"type": "data-gaps"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    int plane = width * height;
    // Rounded up; the 1e-9 keeps 0.12 * 100 = 12.000000000000002 at 12 pixels, not 13.
    long target = (long) Math.ceil(level(AREA, severity) * plane - 1e-9);
    boolean[] gap = new boolean[plane];
    long covered = 0;
    for (int g = 0; g < MAX_GAPS && covered < target; g++) {
      int x0;
      int y0;
      int w;
      int h;
      if (random.nextDouble() < 0.6) {
        x0 = 0;
        w = width;
        h = 1 + random.nextInt(Math.max(1, height / 16));
        y0 = random.nextInt(height);
      } else {
        w = width / 16 + 1 + random.nextInt(Math.max(1, width / 8));
        h = height / 16 + 1 + random.nextInt(Math.max(1, height / 8));
        x0 = random.nextInt(width);
        y0 = random.nextInt(height);
      }
      // The last gap stops part-way (in raster order) at the target, so the share is exact.
      fill:
      for (int y = y0; y < Math.min(height, y0 + h); y++) {
        for (int x = x0; x < Math.min(width, x0 + w); x++) {
          if (covered == target) {
            break fill;
          }
          if (!gap[y * width + x]) {
            gap[y * width + x] = true;
            covered++;
          }
        }
      }
    }
    float[] out = image.clone();
    for (int p = 0; p < plane; p++) {
      if (gap[p]) {
        for (int b = 0; b < bands; b++) {
          out[b * plane + p] = 0f;
        }
      }
    }
    return out;
  }
}
