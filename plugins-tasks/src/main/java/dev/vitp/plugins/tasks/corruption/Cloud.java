package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Clouds: a seeded smooth field (four octaves of value noise) thresholded at the quantile that
 * leaves the severity's cloud cover, blended to white with soft edges. The threshold is the
 * field's own quantile, so the cover is the table's whatever the field's spread.
 */
public final class Cloud extends SeverityCorruption {
  /** Fraction of the scene under cloud (opacity above one half) per severity. */
  static final double[] COVER = {0.10, 0.20, 0.30, 0.45, 0.60};
  /** Half-width of the soft edge, as a fraction of the field's range. */
  private static final double EDGE = 0.1;
  private static final int OCTAVES = 4;

  /** {@code {"type": "cloud"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    float[] field = field(width, height, random);
    float[] sorted = field.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double threshold = sorted[Math.min(n - 1, (int) ((1 - level(COVER, severity)) * n))];
    double edge = Math.max(1e-6, EDGE * (sorted[n - 1] - sorted[0]));
    float[] out = new float[image.length];
    for (int p = 0; p < n; p++) {
      double u = Math.max(0, Math.min(1, (field[p] - threshold + edge) / (2 * edge)));
      double alpha = u * u * (3 - 2 * u);
      for (int b = 0; b < bands; b++) {
        int i = b * n + p;
        out[i] = (float) (image[i] * (1 - alpha) + alpha);
      }
    }
    return out;
  }

  /** Value noise: random lattices of 3, 5, 9 and 17 points a side, bilinear, halving amplitude. */
  private static float[] field(int width, int height, SplittableRandom random) {
    float[] field = new float[width * height];
    double amplitude = 1;
    for (int o = 0; o < OCTAVES; o++) {
      int cells = 2 << o;
      int side = cells + 1;
      float[] lattice = new float[side * side];
      for (int i = 0; i < lattice.length; i++) {
        lattice[i] = random.nextFloat();
      }
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          field[y * width + x] += (float) (amplitude * Planes.sample(lattice, 0, side, side,
              (double) x * cells / width, (double) y * cells / height));
        }
      }
      amplitude /= 2;
    }
    return field;
  }
}
