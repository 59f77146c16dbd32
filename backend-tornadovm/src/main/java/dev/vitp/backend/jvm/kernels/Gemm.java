package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C (+)= op(A) · op(B)} for row-major matrices, blocked for
 * the cache in the GotoBLAS/BLIS way:
 *
 * <ol>
 *   <li>{@link #packB}: {@code op(B)[K, N]} is copied once into column panels {@code NR} wide
 *       ({@code packed[(p·K + k)·NR + j] = op(B)[k, p·NR + j]}, zero-padded), so the micro-kernel
 *       reads B contiguously whatever its layout; a panel ({@code K·NR} floats) stays in L1/L2
 *       while A streams past it.
 *   <li>{@link #gemmRows}: the parallel loop runs over blocks of {@code MB} rows of C; for each
 *       panel a register-blocked micro-kernel computes {@code MR × NR} tiles of C with {@code MR ·
 *       NR / L} vector accumulators, one broadcast of A and {@code NR / L} vector loads of B per
 *       {@code k}, combined with fused multiply-adds.
 * </ol>
 *
 * <p>A is read in place (six row streams, or one contiguous stream when transposed): packing it
 * too made the micro-kernel about 10% faster but cost more than that at the widths of the presets
 * (N = 128 … 512), where a scalar packing pass is not amortised over enough column panels.
 *
 * <p>{@code transA} means A is stored {@code [K, M]}, {@code transB} that B is stored {@code [N, K]}
 * (as a PyTorch linear weight). Every array is dense row-major from its offset.
 */
public final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Panel width: two vectors. */
  public static final int NR = 2 * L;
  /** Rows of a micro-tile: 6 × 2 accumulators + 2 B vectors + 1 broadcast = 15 vector registers. */
  public static final int MR = 6;
  /** Rows per parallel item. */
  public static final int MB = 4 * MR;

  private Gemm() {}

  /** Number of column panels of width {@link #NR} covering {@code n} columns. */
  public static int panels(int n) {
    return (n + NR - 1) / NR;
  }

  /** Size of the packed copy of {@code op(B)[K, N]}. */
  public static int packedSize(int k, int n) {
    return panels(n) * k * NR;
  }

  /** Floats of work space {@link #gemm} needs (the packed B). */
  public static int workSize(int m, int n, int k) {
    return packedSize(k, n);
  }

  /** Number of parallel items (row blocks) of {@link #gemmRows} for {@code m} rows. */
  public static int rowBlocks(int m) {
    return (m + MB - 1) / MB;
  }

  /**
   * {@code C[M, N] (+)= op(A) · op(B)}: packs B and runs the row blocks on {@code exec}. Any of
   * {@code m}, {@code n}, {@code k} may be 0 (then C is left as is, or zeroed when not
   * accumulating).
   *
   * @param packed scratch of at least {@link #workSize} floats
   */
  public static void gemm(LoopExecutor exec, boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate,
      float[] packed) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
      }
      return;
    }
    exec.parallelFor(panels(n), (long) k * NR,
        (lo, hi) -> packB(lo, hi, transB, k, n, b, bOff, packed));
    exec.parallelFor(rowBlocks(m), 2L * MB * n * k,
        (lo, hi) -> gemmRows(lo, hi, transA, m, n, k, a, aOff, packed, c, cOff, accumulate));
  }

  /** Packs panels {@code [lo, hi)} of {@code op(B)[K, N]}. */
  public static void packB(int lo, int hi, boolean transB, int k, int n, float[] b, int bOff,
      float[] packed) {
    packB(lo, hi, transB, k, n, b, bOff, packed, 0);
  }

  /** {@link #packB} into {@code packed} from {@code packedOff}. */
  public static void packB(int lo, int hi, boolean transB, int k, int n, float[] b, int bOff,
      float[] packed, int packedOff) {
    for (@Parallel int p = lo; p < hi; p++) {
      int col0 = p * NR;
      int w = Math.min(NR, n - col0);
      int base = packedOff + p * k * NR;
      if (!transB) {
        for (int kk = 0; kk < k; kk++) {
          int src = bOff + kk * n + col0;
          int dst = base + kk * NR;
          System.arraycopy(b, src, packed, dst, w);
          for (int j = w; j < NR; j++) {
            packed[dst + j] = 0f;
          }
        }
      } else {
        for (int j = 0; j < w; j++) {
          int src = bOff + (col0 + j) * k;
          for (int kk = 0; kk < k; kk++) {
            packed[base + kk * NR + j] = b[src + kk];
          }
        }
        for (int j = w; j < NR; j++) {
          for (int kk = 0; kk < k; kk++) {
            packed[base + kk * NR + j] = 0f;
          }
        }
      }
    }
  }

  /** Row blocks {@code [lo, hi)} (of {@link #MB} rows) of dense {@code C (+)= op(A) · packedB}. */
  public static void gemmRows(int lo, int hi, boolean transA, int m, int n, int k, float[] a,
      int aOff, float[] packed, float[] c, int cOff, boolean accumulate) {
    gemmRows(lo, hi, transA, m, n, k, a, aOff, transA ? m : k, packed, k * NR, c, cOff, n,
        accumulate, 0);
  }

  /**
   * Row blocks {@code [lo, hi)} (of {@link #MB} rows) of {@code C (+)= op(A) · packedB} with explicit
   * leading dimensions: {@code op(A)[r, kk]} is {@code a[aOff + r·lda + kk]} ({@code a[aOff + kk·lda
   * + r]} when {@code transA}), {@code C[r, j]} is {@code c[cOff + r·ldc + j]}, and panel {@code p}
   * of B starts at {@code packedOff + p·panelStride} (so the first {@code k} rows of panels packed
   * for more rows can be used).
   */
  public static void gemmRows(int lo, int hi, boolean transA, int m, int n, int k, float[] a,
      int aOff, int lda, float[] packed, int panelStride, float[] c, int cOff, int ldc,
      boolean accumulate, int packedOff) {
    int panels = panels(n);
    int fullPanels = n / NR;
    int rowStride = transA ? 1 : lda;
    int kStride = transA ? lda : 1;
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int r0 = blk * MB;
      int r1 = Math.min(m, r0 + MB);
      for (int p = 0; p < panels; p++) {
        int pb = packedOff + p * panelStride;
        int col0 = p * NR;
        int r = r0;
        if (p < fullPanels) {
          for (; r + MR <= r1; r += MR) {
            micro6(k, a, aOff + r * rowStride, rowStride, kStride, packed, pb, c,
                cOff + r * ldc + col0, ldc, accumulate);
          }
          for (; r < r1; r++) {
            micro1(k, a, aOff + r * rowStride, kStride, packed, pb, c, cOff + r * ldc + col0,
                accumulate);
          }
        } else {
          int w = n - col0;
          for (; r < r1; r++) {
            tail(k, w, a, aOff + r * rowStride, kStride, packed, pb, c, cOff + r * ldc + col0,
                accumulate);
          }
        }
      }
    }
  }

  private static void micro6(int k, float[] a, int a0, int rs, int ks, float[] pb, int pbo,
      float[] c, int c0, int ldc, boolean accumulate) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S);
    FloatVector c41 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S);
    FloatVector c51 = FloatVector.zero(S);
    int a1 = a0 + rs;
    int a2 = a1 + rs;
    int a3 = a2 + rs;
    int a4 = a3 + rs;
    int a5 = a4 + rs;
    for (int kk = 0; kk < k; kk++) {
      int bo = pbo + kk * NR;
      FloatVector b0 = FloatVector.fromArray(S, pb, bo);
      FloatVector b1 = FloatVector.fromArray(S, pb, bo + L);
      int ao = kk * ks;
      FloatVector x = FloatVector.broadcast(S, a[a0 + ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + ao]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + ao]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + ao]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + ao]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[a5 + ao]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    // Stores written out (no helper taking vectors): a helper call that C2 declines to inline
    // once the method is large (NodeCountInliningCutoff) boxes the vectors it receives.
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
      c10 = c10.add(FloatVector.fromArray(S, c, c1));
      c11 = c11.add(FloatVector.fromArray(S, c, c1 + L));
      c20 = c20.add(FloatVector.fromArray(S, c, c2));
      c21 = c21.add(FloatVector.fromArray(S, c, c2 + L));
      c30 = c30.add(FloatVector.fromArray(S, c, c3));
      c31 = c31.add(FloatVector.fromArray(S, c, c3 + L));
      c40 = c40.add(FloatVector.fromArray(S, c, c4));
      c41 = c41.add(FloatVector.fromArray(S, c, c4 + L));
      c50 = c50.add(FloatVector.fromArray(S, c, c5));
      c51 = c51.add(FloatVector.fromArray(S, c, c5 + L));
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + L);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + L);
  }

  private static void micro1(int k, float[] a, int a0, int ks, float[] pb, int pbo, float[] c,
      int c0, boolean accumulate) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    for (int kk = 0; kk < k; kk++) {
      int bo = pbo + kk * NR;
      FloatVector x = FloatVector.broadcast(S, a[a0 + kk * ks]);
      c00 = x.fma(FloatVector.fromArray(S, pb, bo), c00);
      c01 = x.fma(FloatVector.fromArray(S, pb, bo + L), c01);
    }
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(S, c, c0));
      c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
  }

  /** The last, partial panel ({@code w < NR} columns) of one row, in scalar code. */
  private static void tail(int k, int w, float[] a, int a0, int ks, float[] pb, int pbo,
      float[] c, int c0, boolean accumulate) {
    for (int j = 0; j < w; j++) {
      float sum = 0f;
      for (int kk = 0; kk < k; kk++) {
        sum = Math.fma(a[a0 + kk * ks], pb[pbo + kk * NR + j], sum);
      }
      c[c0 + j] = accumulate ? c[c0 + j] + sum : sum;
    }
  }
}
