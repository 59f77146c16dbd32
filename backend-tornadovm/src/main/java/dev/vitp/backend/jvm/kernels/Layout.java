package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Data movement: axis permutation, strided row copies (slice, concat) and gather (numpy take). */
public final class Layout {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Columns per parallel item of {@link #gatherBackward}. */
  public static final int GATHER_COLUMNS = 256;

  private Layout() {}

  /**
   * Permutes axes, for output rows {@code [lo, hi)} (a row is the last output axis): {@code
   * out[q·last + j] = x[base(q) + j·stride[r-1]]} where {@code base(q) = Σ_d i_d·stride[d]} over
   * the multi-index of row q in {@code outDims} and {@code stride[d]} is the input stride of the
   * input axis that output axis d comes from.
   */
  public static void permute(int lo, int hi, float[] x, int[] outDims, int[] stride, float[] out) {
    int r = outDims.length;
    int last = outDims[r - 1];
    int lastStride = stride[r - 1];
    for (@Parallel int q = lo; q < hi; q++) {
      int base = 0;
      int rest = q;
      for (int d = r - 2; d >= 0; d--) {
        base += (rest % outDims[d]) * stride[d];
        rest /= outDims[d];
      }
      int o = q * last;
      if (lastStride == 1) {
        System.arraycopy(x, base, out, o, last);
      } else {
        for (int j = 0; j < last; j++) {
          out[o + j] = x[base + j * lastStride];
        }
      }
    }
  }

  /** The adjoint of {@link #permute}: {@code gx[base(q) + j·stride[r-1]] += g[q·last + j]}. */
  public static void permuteBackward(int lo, int hi, float[] g, int[] outDims, int[] stride,
      float[] gx) {
    int r = outDims.length;
    int last = outDims[r - 1];
    int lastStride = stride[r - 1];
    for (@Parallel int q = lo; q < hi; q++) {
      int base = 0;
      int rest = q;
      for (int d = r - 2; d >= 0; d--) {
        base += (rest % outDims[d]) * stride[d];
        rest /= outDims[d];
      }
      int o = q * last;
      if (lastStride == 1) {
        add(g, o, gx, base, last);
      } else {
        for (int j = 0; j < last; j++) {
          gx[base + j * lastStride] += g[o + j];
        }
      }
    }
  }

  /** {@code dst[dstOff + o·dstStride + j] = src[srcOff + o·srcStride + j]}, j < width. */
  public static void copyRows(int lo, int hi, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride, int width) {
    for (@Parallel int o = lo; o < hi; o++) {
      System.arraycopy(src, srcOff + o * srcStride, dst, dstOff + o * dstStride, width);
    }
  }

  /** {@code dst[dstOff + o·dstStride + j] += src[srcOff + o·srcStride + j]}, j < width. */
  public static void addRows(int lo, int hi, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride, int width) {
    for (@Parallel int o = lo; o < hi; o++) {
      add(src, srcOff + o * srcStride, dst, dstOff + o * dstStride, width);
    }
  }

  /** {@code out[o, q, i] = a[o, index[q], i]} for rows {@code (o, q)} in {@code [lo, hi)}. */
  public static void gather(int lo, int hi, float[] a, int d, int inner, int[] index, int count,
      float[] out) {
    for (@Parallel int row = lo; row < hi; row++) {
      int o = row / count;
      int q = row - o * count;
      System.arraycopy(a, (o * d + index[q]) * inner, out, row * inner, inner);
    }
  }

  /**
   * {@code ga[o, index[q], i] += g[o, q, i]}. The parallel items are (o, column block) pairs, so
   * repeated indices never race.
   */
  public static void gatherBackward(int lo, int hi, float[] g, int d, int inner, int[] index,
      int count, float[] ga) {
    int blocks = (inner + GATHER_COLUMNS - 1) / GATHER_COLUMNS;
    for (@Parallel int item = lo; item < hi; item++) {
      int o = item / blocks;
      int c0 = (item - o * blocks) * GATHER_COLUMNS;
      int w = Math.min(GATHER_COLUMNS, inner - c0);
      for (int q = 0; q < count; q++) {
        add(g, (o * count + q) * inner + c0, ga, (o * d + index[q]) * inner + c0, w);
      }
    }
  }

  /** {@code dst[dstOff + j] += src[srcOff + j]}, j < n. */
  public static void add(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    int j = 0;
    int ve = S.loopBound(n);
    for (; j < ve; j += L) {
      FloatVector.fromArray(S, src, srcOff + j).add(FloatVector.fromArray(S, dst, dstOff + j))
          .intoArray(dst, dstOff + j);
    }
    for (; j < n; j++) {
      dst[dstOff + j] += src[srcOff + j];
    }
  }
}
