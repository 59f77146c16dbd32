package dev.vitp.backend.jvm.kernels;

/**
 * Bilinear resize of {@code [N·C, H, W]} planes with PyTorch's {@code align_corners=False} and no
 * antialiasing. The taps come precomputed per output row and column ({@link #taps}); the parallel
 * loop runs over planes, so the backward scatter-add never races.
 */
public final class Resize {
  private Resize() {}

  /**
   * Source taps of 1-D linear interpolation from {@code in} to {@code out} samples, as PyTorch's
   * CPU kernel computes them in float: {@code src = max(0, (dst + 0.5)·in/out - 0.5)}, {@code i0 =
   * floor(src)}, {@code i1 = min(i0 + 1, in - 1)}, weights {@code 1 - λ} and {@code λ}.
   */
  public static void taps(int in, int out, int[] i0, int[] i1, float[] w0, float[] w1) {
    float scale = (float) in / (float) out;
    for (int dst = 0; dst < out; dst++) {
      float src = scale * (dst + 0.5f) - 0.5f;
      if (src < 0f) {
        src = 0f;
      }
      int a = (int) src;
      int b = a < in - 1 ? a + 1 : a;
      float lambda = Math.min(Math.max(src - a, 0f), 1f);
      i0[dst] = a;
      i1[dst] = b;
      w0[dst] = 1f - lambda;
      w1[dst] = lambda;
    }
  }

  public static void forward(int lo, int hi, float[] x, int inH, int inW, int outH, int outW,
      int[] y0, int[] y1, float[] wy0, float[] wy1, int[] x0, int[] x1, float[] wx0, float[] wx1,
      float[] out) {
    for (@Parallel int plane = lo; plane < hi; plane++) {
      int src = plane * inH * inW;
      int dst = plane * outH * outW;
      for (int r = 0; r < outH; r++) {
        int ra = src + y0[r] * inW;
        int rb = src + y1[r] * inW;
        float a = wy0[r];
        float b = wy1[r];
        for (int c = 0; c < outW; c++) {
          float top = wx0[c] * x[ra + x0[c]] + wx1[c] * x[ra + x1[c]];
          float bottom = wx0[c] * x[rb + x0[c]] + wx1[c] * x[rb + x1[c]];
          out[dst + r * outW + c] = a * top + b * bottom;
        }
      }
    }
  }

  public static void backward(int lo, int hi, float[] g, int inH, int inW, int outH, int outW,
      int[] y0, int[] y1, float[] wy0, float[] wy1, int[] x0, int[] x1, float[] wx0, float[] wx1,
      float[] gx) {
    for (@Parallel int plane = lo; plane < hi; plane++) {
      int src = plane * inH * inW;
      int dst = plane * outH * outW;
      for (int r = 0; r < outH; r++) {
        int ra = src + y0[r] * inW;
        int rb = src + y1[r] * inW;
        float a = wy0[r];
        float b = wy1[r];
        for (int c = 0; c < outW; c++) {
          float gv = g[dst + r * outW + c];
          gx[ra + x0[c]] += a * wx0[c] * gv;
          gx[ra + x1[c]] += a * wx1[c] * gv;
          gx[rb + x0[c]] += b * wx0[c] * gv;
          gx[rb + x1[c]] += b * wx1[c] * gv;
        }
      }
    }
  }
}
