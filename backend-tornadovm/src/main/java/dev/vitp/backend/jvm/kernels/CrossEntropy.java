package dev.vitp.backend.jvm.kernels;

/**
 * Mean cross-entropy of {@code logits[N, C]} against int targets, ignoring one target value. The
 * forward keeps each row's log-sum-exp; the backward recomputes {@code softmax = exp(x - lse)}.
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /** Rows {@code [lo, hi)}: {@code lse[r]}, and {@code loss[r] = lse[r] - x[r, t]} (0 if ignored). */
  public static void forward(int lo, int hi, float[] logits, int c, int[] targets, int ignore,
      float[] lse, float[] loss) {
    for (@Parallel int r = lo; r < hi; r++) {
      int off = r * c;
      float m = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        m = Math.max(m, logits[off + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(logits[off + j] - m);
      }
      float l = (float) (m + Math.log(sum));
      lse[r] = l;
      int t = targets[r];
      loss[r] = t == ignore ? 0f : l - logits[off + t];
    }
  }

  /** Rows {@code [lo, hi)}: {@code gx[r, j] += scale·(softmax[r, j] - [j == t])} for kept rows. */
  public static void backward(int lo, int hi, float[] logits, int c, int[] targets, int ignore,
      float[] lse, float scale, float[] gx) {
    for (@Parallel int r = lo; r < hi; r++) {
      int t = targets[r];
      if (t == ignore) {
        continue;
      }
      int off = r * c;
      float l = lse[r];
      for (int j = 0; j < c; j++) {
        gx[off + j] += scale * (VMath.exp(logits[off + j] - l) - (j == t ? 1f : 0f));
      }
    }
  }
}
