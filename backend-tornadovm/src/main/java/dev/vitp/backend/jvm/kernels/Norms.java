package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation and (log-)softmax, one fused kernel per row each: the row's statistics and
 * its output are computed while the row sits in L1, and forward caches only per-row statistics
 * (mean and 1/σ, or nothing for softmax, whose backward uses the output).
 */
public final class Norms {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private Norms() {}

  /**
   * Layer norm over rows {@code [lo, hi)} of {@code x[rows, c]}: shifted two-moment statistics in
   * one sweep (the shift is the row's first element, which keeps {@code E[(x-s)²] - E[x-s]²} well
   * conditioned), then {@code y = (x - mean)·rstd·gamma + beta}. With {@code cache}, stores mean
   * and rstd per row.
   */
  public static void layerNorm(int lo, int hi, float[] x, float[] gamma, float[] beta, float eps,
      int c, float[] y, boolean cache, float[] mean, float[] rstd) {
    int ve = S.loopBound(c);
    for (@Parallel int row = lo; row < hi; row++) {
      int off = row * c;
      float shift = x[off];
      FloatVector s1 = FloatVector.zero(S);
      FloatVector s2 = FloatVector.zero(S);
      int j = 0;
      for (; j < ve; j += L) {
        FloatVector d = FloatVector.fromArray(S, x, off + j).sub(shift);
        s1 = s1.add(d);
        s2 = d.fma(d, s2);
      }
      double m1 = s1.reduceLanes(VectorOperators.ADD);
      double m2 = s2.reduceLanes(VectorOperators.ADD);
      for (; j < c; j++) {
        double d = x[off + j] - shift;
        m1 += d;
        m2 += d * d;
      }
      m1 /= c;
      double var = Math.max(m2 / c - m1 * m1, 0.0);
      float mu = (float) (shift + m1);
      float r = (float) (1.0 / Math.sqrt(var + eps));
      if (cache) {
        mean[row] = mu;
        rstd[row] = r;
      }
      j = 0;
      for (; j < ve; j += L) {
        FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(mu).mul(r);
        xhat.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j))
            .intoArray(y, off + j);
      }
      for (; j < c; j++) {
        y[off + j] = (x[off + j] - mu) * r * gamma[j] + beta[j];
      }
    }
  }

  /**
   * Layer norm backward for row groups {@code [lo, hi)} of {@code groups}: {@code gx += rstd·(dxhat
   * - mean(dxhat) - xhat·mean(dxhat·xhat))} with {@code dxhat = g·gamma}, and the group's partial
   * sums {@code Σ g·xhat}, {@code Σ g} into {@code partial[group][0 .. c)} and {@code [c .. 2c)}
   * (summed into the gamma/beta gradients afterwards, so groups never race).
   */
  public static void layerNormBackward(int lo, int hi, int groups, int rows, float[] x,
      float[] gamma, float[] mean, float[] rstd, float[] g, int c, float[] gx, boolean wantX,
      float[] partial, boolean wantParams) {
    int ve = S.loopBound(c);
    for (@Parallel int grp = lo; grp < hi; grp++) {
      int r0 = (int) ((long) grp * rows / groups);
      int r1 = (int) ((long) (grp + 1) * rows / groups);
      int pg = grp * 2 * c;
      if (wantParams) {
        for (int j = 0; j < 2 * c; j++) {
          partial[pg + j] = 0f;
        }
      }
      for (int row = r0; row < r1; row++) {
        int off = row * c;
        float mu = mean[row];
        float r = rstd[row];
        if (wantParams) {
          int j = 0;
          for (; j < ve; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(mu).mul(r);
            FloatVector gv = FloatVector.fromArray(S, g, off + j);
            gv.fma(xhat, FloatVector.fromArray(S, partial, pg + j)).intoArray(partial, pg + j);
            gv.add(FloatVector.fromArray(S, partial, pg + c + j)).intoArray(partial, pg + c + j);
          }
          for (; j < c; j++) {
            float xhat = (x[off + j] - mu) * r;
            partial[pg + j] += g[off + j] * xhat;
            partial[pg + c + j] += g[off + j];
          }
        }
        if (wantX) {
          FloatVector sa = FloatVector.zero(S);
          FloatVector sb = FloatVector.zero(S);
          int j = 0;
          for (; j < ve; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(mu).mul(r);
            FloatVector dxhat = FloatVector.fromArray(S, g, off + j)
                .mul(FloatVector.fromArray(S, gamma, j));
            sa = sa.add(dxhat);
            sb = dxhat.fma(xhat, sb);
          }
          float a = sa.reduceLanes(VectorOperators.ADD);
          float b = sb.reduceLanes(VectorOperators.ADD);
          for (; j < c; j++) {
            float xhat = (x[off + j] - mu) * r;
            float dxhat = g[off + j] * gamma[j];
            a += dxhat;
            b += dxhat * xhat;
          }
          a /= c;
          b /= c;
          j = 0;
          for (; j < ve; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, off + j).sub(mu).mul(r);
            FloatVector dxhat = FloatVector.fromArray(S, g, off + j)
                .mul(FloatVector.fromArray(S, gamma, j));
            FloatVector d = dxhat.sub(a).sub(xhat.mul(b)).mul(r);
            d.add(FloatVector.fromArray(S, gx, off + j)).intoArray(gx, off + j);
          }
          for (; j < c; j++) {
            float xhat = (x[off + j] - mu) * r;
            float dxhat = g[off + j] * gamma[j];
            gx[off + j] += r * (dxhat - a - xhat * b);
          }
        }
      }
    }
  }

  /** {@code dst[j] += Σ_group partial[group][offset + j]} for columns {@code [lo, hi)}. */
  public static void sumPartials(int lo, int hi, float[] partial, int groups, int stride,
      int offset, float[] dst) {
    for (@Parallel int j = lo; j < hi; j++) {
      float s = 0f;
      for (int grp = 0; grp < groups; grp++) {
        s += partial[grp * stride + offset + j];
      }
      dst[j] += s;
    }
  }

  /**
   * Softmax ({@code log == false}) or log-softmax of {@code x[outer, len, inner]} along the middle
   * axis, for {@code o} in {@code [lo, hi)}. The contiguous case ({@code inner == 1}) is
   * vectorised, the row staying in L1: max, {@code x - max}, exp in place, sum, scaling.
   */
  public static void softmax(int lo, int hi, boolean log, float[] x, int len, int inner,
      float[] y) {
    int ve = S.loopBound(len);
    for (@Parallel int o = lo; o < hi; o++) {
      int base = o * len * inner;
      if (inner == 1) {
        float m = max(x, base, len);
        int j = 0;
        for (; j < ve; j += L) {
          FloatVector.fromArray(S, x, base + j).sub(m).intoArray(y, base + j);
        }
        for (; j < len; j++) {
          y[base + j] = x[base + j] - m;
        }
        if (log) {
          // log-softmax = (x - m) - log Σ exp(x - m); exp goes through y, then y is rewritten
          VMath.exp(y, base, y, base, len);
          float shift = m + (float) Math.log(Reduce.sum(y, base, len));
          j = 0;
          for (; j < ve; j += L) {
            FloatVector.fromArray(S, x, base + j).sub(shift).intoArray(y, base + j);
          }
          for (; j < len; j++) {
            y[base + j] = x[base + j] - shift;
          }
        } else {
          VMath.exp(y, base, y, base, len);
          float inv = 1f / Reduce.sum(y, base, len);
          j = 0;
          for (; j < ve; j += L) {
            FloatVector.fromArray(S, y, base + j).mul(inv).intoArray(y, base + j);
          }
          for (; j < len; j++) {
            y[base + j] *= inv;
          }
        }
      } else {
        for (int i = 0; i < inner; i++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int l = 0; l < len; l++) {
            m = Math.max(m, x[base + l * inner + i]);
          }
          float sum = 0f;
          for (int l = 0; l < len; l++) {
            sum += VMath.exp(x[base + l * inner + i] - m);
          }
          float shift = m + (float) Math.log(sum);
          for (int l = 0; l < len; l++) {
            int at = base + l * inner + i;
            y[at] = log ? x[at] - shift : VMath.exp(x[at] - shift);
          }
        }
      }
    }
  }

  /** The maximum of {@code x[off, off + n)} ({@code -∞} when empty). */
  public static float max(float[] x, int off, int n) {
    int ve = S.loopBound(n);
    FloatVector vm = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int j = 0;
    for (; j < ve; j += L) {
      vm = vm.max(FloatVector.fromArray(S, x, off + j));
    }
    float m = vm.reduceLanes(VectorOperators.MAX);
    for (; j < n; j++) {
      m = Math.max(m, x[off + j]);
    }
    return m;
  }

  /**
   * Backward of {@link #softmax} from its output {@code y}: softmax {@code gx += y·(g - Σ g·y)};
   * log-softmax {@code gx += g - exp(y)·Σ g}.
   */
  public static void softmaxBackward(int lo, int hi, boolean log, float[] y, float[] g, int len,
      int inner, float[] gx) {
    for (@Parallel int o = lo; o < hi; o++) {
      int base = o * len * inner;
      for (int i = 0; i < inner; i++) {
        float s = 0f;
        for (int l = 0; l < len; l++) {
          int at = base + l * inner + i;
          s += log ? g[at] : g[at] * y[at];
        }
        for (int l = 0; l < len; l++) {
          int at = base + l * inner + i;
          gx[at] += log ? g[at] - VMath.exp(y[at]) * s : y[at] * (g[at] - s);
        }
      }
    }
  }
}
