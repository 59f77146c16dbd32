package dev.vitp.plugins.domains.synth;

import java.util.SplittableRandom;

/**
 * Seeded smooth noise maps for whole images: value noise on a lattice of random values
 * (smoothstep-interpolated), summed over octaves. A map costs a few operations per pixel.
 */
public final class Noise {
  private Noise() {}

  /**
   * A {@code size × size} fractal noise map with values in [0, 1].
   *
   * @param cells lattice cells across the image at the first octave
   * @param octaves octaves, each with twice the cells and half the amplitude
   */
  public static float[] fbm(long seed, int size, double cells, int octaves) {
    float[] out = new float[size * size];
    SplittableRandom r = new SplittableRandom(seed);
    double amp = 1;
    double norm = 0;
    double c = cells;
    for (int o = 0; o < octaves; o++) {
      addOctave(out, size, c, (float) amp, r);
      norm += amp;
      amp *= 0.5;
      c *= 2;
    }
    float inv = (float) (1 / norm);
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }

  private static void addOctave(float[] out, int size, double cells, float amp, SplittableRandom r) {
    int n = (int) Math.ceil(cells) + 2;
    float[] lattice = new float[n * n];
    for (int i = 0; i < lattice.length; i++) {
      lattice[i] = r.nextFloat();
    }
    double ox = r.nextDouble();
    double oy = r.nextDouble();
    double step = cells / size;
    float[] sx = new float[size];
    int[] ix = new int[size];
    for (int x = 0; x < size; x++) {
      double u = (x + 0.5) * step + ox;
      int i0 = (int) u;
      double f = u - i0;
      ix[x] = Math.min(i0, n - 2);
      sx[x] = (float) (f * f * (3 - 2 * f));
    }
    for (int y = 0; y < size; y++) {
      double v = (y + 0.5) * step + oy;
      int j0 = Math.min((int) v, n - 2);
      double fy = v - (int) v;
      float sy = (float) (fy * fy * (3 - 2 * fy));
      int row0 = j0 * n;
      int row1 = row0 + n;
      int at = y * size;
      for (int x = 0; x < size; x++) {
        int i = ix[x];
        float a = lattice[row0 + i];
        float b = lattice[row0 + i + 1];
        float c = lattice[row1 + i];
        float d = lattice[row1 + i + 1];
        float s = sx[x];
        float top = a + (b - a) * s;
        float bottom = c + (d - c) * s;
        out[at + x] += amp * (top + (bottom - top) * sy);
      }
    }
  }
}
