package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions along one axis of a tensor seen as {@code [outer, len, inner]}: sum, mean, max (with
 * the index of the first maximum cached for backward) and argmax. The parallel loop runs over
 * {@code outer}.
 */
public final class Reduce {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  public static final int SUM = 0;
  public static final int MEAN = 1;
  public static final int MAX = 2;

  private Reduce() {}

  /** {@code Σ x[off .. off + n)} with four vector accumulators. */
  public static float sum(float[] x, int off, int n) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = 0;
    int b4 = n - n % (4 * L);
    for (; i < b4; i += 4 * L) {
      s0 = s0.add(FloatVector.fromArray(S, x, off + i));
      s1 = s1.add(FloatVector.fromArray(S, x, off + i + L));
      s2 = s2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
      s3 = s3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
    }
    int b1 = S.loopBound(n);
    for (; i < b1; i += L) {
      s0 = s0.add(FloatVector.fromArray(S, x, off + i));
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /** {@code Σ x[i]·y[i]} over {@code n} elements. */
  public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    int i = 0;
    int b2 = n - n % (2 * L);
    for (; i < b2; i += 2 * L) {
      s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
      s1 = FloatVector.fromArray(S, x, xOff + i + L)
          .fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += x[xOff + i] * y[yOff + i];
    }
    return s;
  }

  /**
   * {@code out[o, i] = reduce_l x[o, l, i]}; for MAX also {@code arg[o, i]} = the first l at the
   * maximum.
   */
  public static void forward(int lo, int hi, int op, float[] x, int len, int inner, float[] out,
      int[] arg) {
    float scale = op == MEAN ? 1f / len : 1f;
    for (@Parallel int o = lo; o < hi; o++) {
      int xBase = o * len * inner;
      int oBase = o * inner;
      if (op == MAX) {
        for (int i = 0; i < inner; i++) {
          int best = 0;
          float m = x[xBase + i];
          for (int l = 1; l < len; l++) {
            float v = x[xBase + l * inner + i];
            if (v > m || (v != v && m == m)) {
              m = v;
              best = l;
            }
          }
          out[oBase + i] = m;
          arg[oBase + i] = best;
        }
      } else if (inner == 1) {
        out[o] = sum(x, xBase, len) * scale;
      } else {
        for (int i = 0; i < inner; i++) {
          out[oBase + i] = 0f;
        }
        for (int l = 0; l < len; l++) {
          int row = xBase + l * inner;
          int i = 0;
          int ve = S.loopBound(inner);
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, row + i).add(FloatVector.fromArray(S, out, oBase + i))
                .intoArray(out, oBase + i);
          }
          for (; i < inner; i++) {
            out[oBase + i] += x[row + i];
          }
        }
        if (scale != 1f) {
          for (int i = 0; i < inner; i++) {
            out[oBase + i] *= scale;
          }
        }
      }
    }
  }

  /** {@code gx[o, l, i] += g[o, i] / (len for MEAN)}, or into the cached argmax only for MAX. */
  public static void backward(int lo, int hi, int op, float[] g, int len, int inner, int[] arg,
      float[] gx) {
    float scale = op == MEAN ? 1f / len : 1f;
    for (@Parallel int o = lo; o < hi; o++) {
      int xBase = o * len * inner;
      int oBase = o * inner;
      if (op == MAX) {
        for (int i = 0; i < inner; i++) {
          gx[xBase + arg[oBase + i] * inner + i] += g[oBase + i];
        }
      } else {
        for (int l = 0; l < len; l++) {
          int row = xBase + l * inner;
          for (int i = 0; i < inner; i++) {
            gx[row + i] += g[oBase + i] * scale;
          }
        }
      }
    }
  }

  /** {@code out[o, i]} = the first l with the maximal {@code x[o, l, i]}. */
  public static void argmax(int lo, int hi, float[] x, int len, int inner, int[] out) {
    for (@Parallel int o = lo; o < hi; o++) {
      int xBase = o * len * inner;
      for (int i = 0; i < inner; i++) {
        int best = 0;
        float m = x[xBase + i];
        for (int l = 1; l < len; l++) {
          float v = x[xBase + l * inner + i];
          if (v > m || (v != v && m == m)) {
            m = v;
            best = l;
          }
        }
        out[o * inner + i] = best;
      }
    }
  }
}
