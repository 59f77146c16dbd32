package dev.vitp.backend.jvm.kernels;

/**
 * The data movement of 2-D convolutions: {@link #im2col} lays out the receptive fields of an image
 * {@code [C, H, W]} as the columns of {@code cols[C·kh·kw, OH·OW]} (zero padding included), so a
 * convolution is one {@link Gemm}; {@link #col2im} is its adjoint (scatter-add), which is both the
 * input gradient of a convolution and the forward of a transposed convolution. Also the per-channel
 * bias of NCHW tensors.
 */
public final class Conv {
  private Conv() {}

  /**
   * Rows {@code [lo, hi)} (a row is one (channel, kernel row, kernel column)) of {@code cols}: {@code
   * cols[(c·kh + i)·kw + j, oh·ow + ow'] = x[c, oh·stride - pad + i, ow'·stride - pad + j]} or 0
   * outside the image.
   */
  public static void im2col(int lo, int hi, float[] x, int xOff, int h, int w, int kh, int kw,
      int stride, int pad, int oh, int ow, float[] cols) {
    int kk = kh * kw;
    int plane = oh * ow;
    for (@Parallel int row = lo; row < hi; row++) {
      int c = row / kk;
      int i = (row - c * kk) / kw;
      int j = row - c * kk - i * kw;
      int dst = row * plane;
      for (int y = 0; y < oh; y++) {
        int iy = y * stride - pad + i;
        boolean inY = iy >= 0 && iy < h;
        int src = xOff + (c * h + iy) * w;
        for (int xx = 0; xx < ow; xx++) {
          int ix = xx * stride - pad + j;
          cols[dst + y * ow + xx] = inY && ix >= 0 && ix < w ? x[src + ix] : 0f;
        }
      }
    }
  }

  /** The adjoint of {@link #im2col} for channels {@code [lo, hi)}: {@code x[c, …] += cols[…]}. */
  public static void col2im(int lo, int hi, float[] cols, int h, int w, int kh, int kw,
      int stride, int pad, int oh, int ow, float[] x, int xOff) {
    int kk = kh * kw;
    int plane = oh * ow;
    for (@Parallel int c = lo; c < hi; c++) {
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          int src = ((c * kh + i) * kw + j) * plane;
          for (int y = 0; y < oh; y++) {
            int iy = y * stride - pad + i;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int dst = xOff + (c * h + iy) * w;
            for (int xx = 0; xx < ow; xx++) {
              int ix = xx * stride - pad + j;
              if (ix >= 0 && ix < w) {
                x[dst + ix] += cols[src + y * ow + xx];
              }
            }
          }
        }
      }
    }
  }

  /** {@code out[n, c, :] += bias[c]} for planes {@code (n, c)} in {@code [lo, hi)}. */
  public static void addChannelBias(int lo, int hi, float[] out, float[] bias, int channels,
      int plane) {
    for (@Parallel int nc = lo; nc < hi; nc++) {
      float b = bias[nc % channels];
      int base = nc * plane;
      for (int i = 0; i < plane; i++) {
        out[base + i] += b;
      }
    }
  }

  /** {@code gb[c] += Σ_{n, i} g[n, c, i]} for channels {@code [lo, hi)}. */
  public static void channelBiasBackward(int lo, int hi, float[] g, int batch, int channels,
      int plane, float[] gb) {
    for (@Parallel int c = lo; c < hi; c++) {
      float s = 0f;
      for (int n = 0; n < batch; n++) {
        s += Reduce.sum(g, (n * channels + c) * plane, plane);
      }
      gb[c] += s;
    }
  }
}
