package dev.vitp.api.model;

/**
 * Bicubic resampling exactly as PyTorch's {@code F.interpolate(mode="bicubic",
 * align_corners=False)} (cubic coefficient A = -0.75, source index not clamped, taps clamped at
 * the borders). Used to resize position-embedding grids and patch kernels when loading a
 * backbone at another resolution or patch size.
 */
public final class Bicubic {
  private static final double A = -0.75;

  private Bicubic() {}

  /** Resizes {@code channels} planes of {@code [h, w]} (row-major, plane after plane). */
  public static float[] resize(float[] src, int channels, int h, int w, int outH, int outW) {
    float[] out = new float[channels * outH * outW];
    double scaleH = (double) h / outH;
    double scaleW = (double) w / outW;
    for (int c = 0; c < channels; c++) {
      int base = c * h * w;
      for (int oy = 0; oy < outH; oy++) {
        double sy = scaleH * (oy + 0.5) - 0.5;
        int y0 = (int) Math.floor(sy);
        double[] wy = weights(sy - y0);
        for (int ox = 0; ox < outW; ox++) {
          double sx = scaleW * (ox + 0.5) - 0.5;
          int x0 = (int) Math.floor(sx);
          double[] wx = weights(sx - x0);
          double acc = 0;
          for (int i = 0; i < 4; i++) {
            int yy = clamp(y0 - 1 + i, h);
            double row = 0;
            for (int j = 0; j < 4; j++) {
              row += wx[j] * src[base + yy * w + clamp(x0 - 1 + j, w)];
            }
            acc += wy[i] * row;
          }
          out[(c * outH + oy) * outW + ox] = (float) acc;
        }
      }
    }
    return out;
  }

  private static double[] weights(double t) {
    return new double[] {near(t + 1), close(t), close(1 - t), near(2 - t)};
  }

  /** Kernel for {@code |x| <= 1}. */
  private static double close(double x) {
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  /** Kernel for {@code 1 < |x| < 2}. */
  private static double near(double x) {
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }

  private static int clamp(int i, int size) {
    return Math.max(0, Math.min(size - 1, i));
  }
}
