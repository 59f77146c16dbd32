package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Mean cross-entropy of {@code logits[N, C]} against int targets, ignoring one target value. The
 * forward keeps each row's log-sum-exp; the backward recomputes {@code softmax = exp(x - lse)}.
 * Each chunk brings a scratch row of {@code C} floats.
 */
public final class CrossEntropy {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private CrossEntropy() {}

  /** Rows {@code [lo, hi)}: {@code lse[r]}, and {@code loss[r] = lse[r] - x[r, t]} (0 if ignored). */
  public static void forward(int lo, int hi, float[] logits, int c, int[] targets, int ignore,
      float[] lse, float[] loss, float[] scratch) {
    for (@Parallel int r = lo; r < hi; r++) {
      int off = r * c;
      float m = Norms.max(logits, off, c);
      shifted(logits, off, m, scratch, c);
      VMath.exp(scratch, 0, scratch, 0, c);
      float l = m + (float) Math.log(Reduce.sum(scratch, 0, c));
      lse[r] = l;
      int t = targets[r];
      loss[r] = t == ignore ? 0f : l - logits[off + t];
    }
  }

  /** Rows {@code [lo, hi)}: {@code gx[r, j] += scale·(softmax[r, j] - [j == t])} for kept rows. */
  public static void backward(int lo, int hi, float[] logits, int c, int[] targets, int ignore,
      float[] lse, float scale, float[] gx, float[] scratch) {
    for (@Parallel int r = lo; r < hi; r++) {
      int t = targets[r];
      if (t == ignore) {
        continue;
      }
      int off = r * c;
      shifted(logits, off, lse[r], scratch, c);
      VMath.exp(scratch, 0, scratch, 0, c);
      int j = 0;
      int ve = S.loopBound(c);
      FloatVector k = FloatVector.broadcast(S, scale);
      for (; j < ve; j += L) {
        FloatVector.fromArray(S, scratch, j).fma(k, FloatVector.fromArray(S, gx, off + j))
            .intoArray(gx, off + j);
      }
      for (; j < c; j++) {
        gx[off + j] += scale * scratch[j];
      }
      gx[off + t] -= scale;
    }
  }

  private static void shifted(float[] x, int off, float shift, float[] out, int n) {
    int j = 0;
    int ve = S.loopBound(n);
    for (; j < ve; j += L) {
      FloatVector.fromArray(S, x, off + j).sub(shift).intoArray(out, j);
    }
    for (; j < n; j++) {
      out[j] = x[off + j] - shift;
    }
  }
}
