package dev.vitp.toolkit.image;

import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.ValueScaling;
import org.jspecify.annotations.Nullable;

/**
 * Crops, flips, resizes (separable triangle filter widened when shrinking, as PIL's antialiased
 * bilinear) and normalises a decoded image into a CHW float block of 3 channels.
 */
public final class Resampler {
  private Resampler() {}

  /** Resampling weights of one axis. */
  private record Axis(int[] first, int[] taps, float[] weights, int stride) {}

  private static Axis axis(int start, int len, int out, boolean flip) {
    double scale = (double) len / out;
    double support = Math.max(1.0, scale);
    int stride = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[out];
    int[] taps = new int[out];
    float[] weights = new float[out * stride];
    for (int o = 0; o < out; o++) {
      double center = start + (o + 0.5) * scale;
      int lo = Math.max(start, (int) Math.floor(center - support));
      int hi = Math.min(start + len - 1, (int) Math.ceil(center + support));
      int dst = flip ? out - 1 - o : o;
      double sum = 0;
      int n = 0;
      for (int j = lo; j <= hi && n < stride; j++) {
        double w = 1 - Math.abs((j + 0.5 - center) / support);
        if (w > 0) {
          if (n == 0) {
            first[dst] = j;
          }
          weights[dst * stride + n] = (float) w;
          sum += w;
          n++;
        } else if (n > 0) {
          break;
        }
      }
      if (n == 0) {
        first[dst] = Math.min(start + len - 1, Math.max(start, (int) center));
        weights[dst * stride] = 1;
        n = 1;
        sum = 1;
      }
      for (int k = 0; k < n; k++) {
        weights[dst * stride + k] /= (float) sum;
      }
      taps[dst] = n;
    }
    return new Axis(first, taps, weights, stride);
  }

  /**
   * Writes the normalised {@code 3 × size × size} block of the crop {@code (cx, cy, cw, ch)} of
   * {@code img} into {@code dst} at {@code offset}. Single-band images are replicated to three
   * channels with the normalisation's single-band statistics.
   */
  public static void resizeNormalize(DecodedImage img, int cx, int cy, int cw, int ch,
      boolean flip, int size, ImageNormalization norm, float[] dst, int offset) {
    float[] stretch = stretch(img, norm);
    float[] plane = new float[size * size];
    int w = img.width();
    int n = img.pixels();
    float[] src = img.data();
    if (cw == size && ch == size) {
      // Already the model size: copy the crop (mirrored when flipped), no filtering.
      for (int b = 0; b < img.bands(); b++) {
        for (int y = 0; y < size; y++) {
          int row = b * n + (cy + y) * w + cx;
          if (flip) {
            for (int x = 0; x < size; x++) {
              plane[y * size + x] = src[row + size - 1 - x];
            }
          } else {
            System.arraycopy(src, row, plane, y * size, size);
          }
        }
        normalize(img, norm, plane, stretch, dst, offset, b);
      }
      return;
    }
    Axis ax = axis(cx, cw, size, flip);
    Axis ay = axis(cy, ch, size, false);
    float[] tmp = new float[ch * size];
    for (int b = 0; b < img.bands(); b++) {
      int base = b * n;
      for (int y = 0; y < ch; y++) {
        int row = base + (cy + y) * w;
        for (int o = 0; o < size; o++) {
          int f = ax.first[o];
          int t = ax.taps[o];
          int wo = o * ax.stride;
          float acc = 0;
          for (int k = 0; k < t; k++) {
            acc += ax.weights[wo + k] * src[row + f + k];
          }
          tmp[y * size + o] = acc;
        }
      }
      java.util.Arrays.fill(plane, 0f);
      for (int o = 0; o < size; o++) {
        int f = ay.first[o] - cy;
        int t = ay.taps[o];
        int wo = o * ay.stride;
        int out = o * size;
        for (int k = 0; k < t; k++) {
          float wk = ay.weights[wo + k];
          int in = (f + k) * size;
          for (int x = 0; x < size; x++) {
            plane[out + x] += wk * tmp[in + x];
          }
        }
      }
      normalize(img, norm, plane, stretch, dst, offset, b);
    }
  }

  /**
   * {@code [lo, range]} bringing values to [0, 1]: the image's own range under
   * {@link ValueScaling#MIN_MAX} or for float samples outside [0, 1], else identity.
   */
  private static float[] stretch(DecodedImage img, ImageNormalization norm) {
    boolean stretch = norm.scaling() == ValueScaling.MIN_MAX;
    float @Nullable [] mm = null;
    if (!stretch && img.rawFloat()) {
      mm = minMax(img.data());
      stretch = mm[0] < 0 || mm[1] > 1;
    }
    if (!stretch) {
      return new float[] {0, 1};
    }
    if (mm == null) {
      mm = minMax(img.data());
    }
    return new float[] {mm[0], mm[1] > mm[0] ? mm[1] - mm[0] : 1};
  }

  /** Writes band {@code b}'s plane as its channel (or all three for a single band). */
  private static void normalize(DecodedImage img, ImageNormalization norm, float[] plane,
      float[] stretch, float[] dst, int offset, int b) {
    int n = plane.length;
    int channels = img.bands() == 1 ? 3 : 1;
    float lo = stretch[0];
    float invRange = 1f / stretch[1];
    for (int c = 0; c < channels; c++) {
      int channel = img.bands() == 1 ? c : b;
      float mean = norm.mean(channel, img.bands());
      float inv = 1f / norm.std(channel, img.bands());
      int at = offset + channel * n;
      for (int i = 0; i < n; i++) {
        dst[at + i] = ((plane[i] - lo) * invRange - mean) * inv;
      }
    }
  }

  private static float[] minMax(float[] a) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : a) {
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
    return new float[] {lo, hi};
  }
}
