package dev.vitp.plugins.tasks.corruption;

/**
 * Pixel arithmetic the corruptions share, on planar images ({@code image[b * h * w + y * w + x]}).
 * Coordinates are pixel indices; every read outside the image takes the nearest edge pixel (edge
 * clamp), so blurs and warps need no border cases of their own.
 */
final class Planes {
  private Planes() {}

  /** Bilinear value of the plane at {@code offset} at the point {@code (x, y)}, edge clamped. */
  static float sample(float[] src, int offset, int w, int h, double x, double y) {
    double cx = Math.max(0, Math.min(w - 1, x));
    double cy = Math.max(0, Math.min(h - 1, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    double fx = cx - x0;
    double fy = cy - y0;
    int r0 = offset + y0 * w;
    int r1 = offset + y1 * w;
    double top = src[r0 + x0] + fx * (src[r0 + x1] - src[r0 + x0]);
    double bottom = src[r1 + x0] + fx * (src[r1 + x1] - src[r1 + x0]);
    return (float) (top + fy * (bottom - top));
  }

  /**
   * The image resampled through an affine map about its centre: the output pixel at offset
   * {@code (dx, dy)} from the centre reads the source at centre + {@code (a dx + b dy + tx, c dx
   * + d dy + ty)} (the inverse of the motion the eye sees), bilinear, edge clamped.
   */
  static float[] warp(float[] image, int w, int h, double a, double b, double c, double d,
      double tx, double ty) {
    float[] out = new float[image.length];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    int plane = w * h;
    for (int off = 0; off < image.length; off += plane) {
      for (int y = 0; y < h; y++) {
        double dy = y - cy;
        for (int x = 0; x < w; x++) {
          double dx = x - cx;
          out[off + y * w + x] = sample(image, off, w, h, cx + a * dx + b * dy + tx,
              cy + c * dx + d * dy + ty);
        }
      }
    }
    return out;
  }

  /** Normalised Gaussian taps of standard deviation {@code sigma}, radius ⌈3σ⌉. */
  static float[] gaussian(double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      double v = Math.exp(-i * i / (2 * sigma * sigma));
      k[i + r] = (float) v;
      sum += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  /** Every band filtered by {@code kernel} (odd length, centred) along x, then along y. */
  static float[] separable(float[] image, int w, int h, float[] kernel) {
    int r = kernel.length / 2;
    int plane = w * h;
    float[] tmp = new float[image.length];
    float[] out = new float[image.length];
    for (int off = 0; off < image.length; off += plane) {
      for (int y = 0; y < h; y++) {
        int row = off + y * w;
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int k = -r; k <= r; k++) {
            acc += kernel[k + r] * image[row + Math.max(0, Math.min(w - 1, x + k))];
          }
          tmp[row + x] = (float) acc;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int k = -r; k <= r; k++) {
            acc += kernel[k + r] * tmp[off + Math.max(0, Math.min(h - 1, y + k)) * w + x];
          }
          out[off + y * w + x] = (float) acc;
        }
      }
    }
    return out;
  }
}
