package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused scaled dot-product attention on {@code q[B, H, Tq, D]}, {@code k[B, H, Tk, D]}, {@code
 * v[B, H, Tk, Dv]}.
 *
 * <p>Forward: the parallel items are (batch, head, query block of {@link #QB} rows). An item packs
 * K and V of its head into {@link Gemm} panels (once per head within a run of items), computes
 * the block's scores {@code Q_blk · Kᵀ} with the register-blocked micro-kernel (only the keys a
 * causal block can see), applies scale, causal mask and softmax row by row in L1, and multiplies by
 * V. Only the block's scores exist at a time, unless training asks to keep the probabilities
 * {@code P[B, H, Tq, Tk]} for backward (masked entries are stored as 0).
 *
 * <p>Backward: the parallel items are (batch, head), because dK and dV sum over every query.
 * {@code dP = dO · Vᵀ}, {@code dS = P ∘ (dP - rowsum(dP ∘ P)) · scale}, then {@code dQ += dS · K},
 * {@code dK += dSᵀ · Q}, {@code dV += Pᵀ · dO}, each a small GEMM on packed panels.
 */
public final class Attention {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Query rows per forward item (one row block of the GEMM micro-kernel). */
  public static final int QB = Gemm.MB;

  private Attention() {}

  public static int queryBlocks(int tq) {
    return (tq + QB - 1) / QB;
  }

  /** Scratch floats one forward chunk needs (packed K, packed V and one block of scores). */
  public static int forwardScratch(int tk, int d, int dv) {
    return Gemm.packedSize(d, tk) + Gemm.packedSize(tk, dv) + QB * tk;
  }

  /** Scratch floats one backward chunk needs (one packed operand and {@code dP} of a head). */
  public static int backwardScratch(int tq, int tk, int d, int dv) {
    int packed = Math.max(Math.max(Gemm.packedSize(dv, tk), Gemm.packedSize(tk, d)),
        Math.max(Gemm.packedSize(tq, d), Gemm.packedSize(tq, dv)));
    return packed + tq * tk;
  }

  /**
   * Items {@code [lo, hi)} over {@code B·H·queryBlocks(tq)}. With {@code keep}, the probabilities go
   * to {@code p[B, H, Tq, Tk]}; {@code scratch} holds {@link #forwardScratch} floats for this
   * chunk.
   */
  public static void forward(int lo, int hi, float[] q, float[] k, float[] v, int tq, int tk,
      int d, int dv, boolean causal, float scale, float[] out, boolean keep, float[] p,
      float[] scratch) {
    int qBlocks = queryBlocks(tq);
    int packedK = 0;
    int packedV = Gemm.packedSize(d, tk);
    int scores = packedV + Gemm.packedSize(tk, dv);
    int lastHead = -1;
    for (@Parallel int item = lo; item < hi; item++) {
      int bh = item / qBlocks;
      int i0 = (item - bh * qBlocks) * QB;
      int i1 = Math.min(tq, i0 + QB);
      int rows = i1 - i0;
      if (bh != lastHead) {
        packInto(true, d, tk, k, bh * tk * d, scratch, packedK);
        packInto(false, tk, dv, v, bh * tk * dv, scratch, packedV);
        lastHead = bh;
      }
      int visibleCols = causal ? i1 : tk;
      float[] sArr = keep ? p : scratch;
      int sOff = keep ? (bh * tq + i0) * tk : scores;
      Gemm.gemmRows(0, 1, false, rows, visibleCols, d, q, (bh * tq + i0) * d, d, scratch,
          d * Gemm.NR, sArr, sOff, tk, false, packedK);
      for (int r = 0; r < rows; r++) {
        int visible = causal ? i0 + r + 1 : tk;
        int row = sOff + r * tk;
        softmaxRow(sArr, row, visible, scale);
        int zeroTo = keep ? tk : visibleCols;
        for (int j = visible; j < zeroTo; j++) {
          sArr[row + j] = 0f;
        }
      }
      Gemm.gemmRows(0, 1, false, rows, dv, visibleCols, sArr, sOff, tk, scratch, tk * Gemm.NR,
          out, (bh * tq + i0) * dv, dv, false, packedV);
    }
  }

  /**
   * Items {@code [lo, hi)} over {@code B·H}: accumulates {@code gq}, {@code gk}, {@code gv} (each
   * only if wanted) from {@code g = dOut} and the kept probabilities {@code p}.
   */
  public static void backward(int lo, int hi, float[] q, float[] k, float[] v, float[] p,
      float[] g, int tq, int tk, int d, int dv, float scale, float[] gq, boolean wantQ, float[] gk,
      boolean wantK, float[] gv, boolean wantV, float[] scratch) {
    int packed = 0;
    int dp = Math.max(Math.max(Gemm.packedSize(dv, tk), Gemm.packedSize(tk, d)),
        Math.max(Gemm.packedSize(tq, d), Gemm.packedSize(tq, dv)));
    int qBlocks = Gemm.rowBlocks(tq);
    int kBlocks = Gemm.rowBlocks(tk);
    for (@Parallel int bh = lo; bh < hi; bh++) {
      int qOff = bh * tq * d;
      int kOff = bh * tk * d;
      int vOff = bh * tk * dv;
      int oOff = bh * tq * dv;
      int pOff = bh * tq * tk;
      if (wantQ || wantK) {
        // dP = dO · Vᵀ
        packInto(true, dv, tk, v, vOff, scratch, packed);
        Gemm.gemmRows(0, qBlocks, false, tq, tk, dv, g, oOff, dv, scratch, dv * Gemm.NR,
            scratch, dp, tk, false, packed);
        // dS = P ∘ (dP − rowsum(dP ∘ P)) · scale
        for (int i = 0; i < tq; i++) {
          int row = dp + i * tk;
          float s = Reduce.dot(scratch, row, p, pOff + i * tk, tk);
          int j = 0;
          int ve = S.loopBound(tk);
          for (; j < ve; j += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i * tk + j);
            FloatVector.fromArray(S, scratch, row + j).sub(s).mul(pv).mul(scale)
                .intoArray(scratch, row + j);
          }
          for (; j < tk; j++) {
            scratch[row + j] = p[pOff + i * tk + j] * (scratch[row + j] - s) * scale;
          }
        }
        if (wantQ) {
          // dQ += dS · K
          packInto(false, tk, d, k, kOff, scratch, packed);
          Gemm.gemmRows(0, qBlocks, false, tq, d, tk, scratch, dp, tk, scratch, tk * Gemm.NR,
              gq, qOff, d, true, packed);
        }
        if (wantK) {
          // dK += dSᵀ · Q
          packInto(false, tq, d, q, qOff, scratch, packed);
          Gemm.gemmRows(0, kBlocks, true, tk, d, tq, scratch, dp, tk, scratch, tq * Gemm.NR,
              gk, kOff, d, true, packed);
        }
      }
      if (wantV) {
        // dV += Pᵀ · dO
        packInto(false, tq, dv, g, oOff, scratch, packed);
        Gemm.gemmRows(0, kBlocks, true, tk, dv, tq, p, pOff, tk, scratch, tq * Gemm.NR, gv, vOff,
            dv, true, packed);
      }
    }
  }

  private static void packInto(boolean transB, int k, int n, float[] b, int bOff, float[] dst,
      int dstOff) {
    Gemm.packB(0, Gemm.panels(n), transB, k, n, b, bOff, dst, dstOff);
  }

  /** In place: {@code x[j] = softmax(scale · x)[j]} over {@code j < n}. */
  static void softmaxRow(float[] x, int off, int n, float scale) {
    float shift = Norms.max(x, off, n) * scale;
    int ve = S.loopBound(n);
    int j = 0;
    for (; j < ve; j += L) {
      FloatVector.fromArray(S, x, off + j).mul(scale).sub(shift).intoArray(x, off + j);
    }
    for (; j < n; j++) {
      x[off + j] = x[off + j] * scale - shift;
    }
    VMath.exp(x, off, x, off, n);
    float inv = 1f / Reduce.sum(x, off, n);
    j = 0;
    for (; j < ve; j += L) {
      FloatVector.fromArray(S, x, off + j).mul(inv).intoArray(x, off + j);
    }
    for (; j < n; j++) {
      x[off + j] *= inv;
    }
  }
}
