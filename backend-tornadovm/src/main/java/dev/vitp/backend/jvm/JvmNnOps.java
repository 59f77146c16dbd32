package dev.vitp.backend.jvm;

import dev.vitp.backend.jvm.kernels.Attention;
import dev.vitp.backend.jvm.kernels.Conv;
import dev.vitp.backend.jvm.kernels.CrossEntropy;
import dev.vitp.backend.jvm.kernels.Gemm;
import dev.vitp.backend.jvm.kernels.Layout;
import dev.vitp.backend.jvm.kernels.Norms;
import dev.vitp.backend.jvm.kernels.Pointwise;
import dev.vitp.backend.jvm.kernels.Resize;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.NnOps;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Neural-network ops on the JVM kernels (PyTorch layouts, as the contract). Inputs are already
 * checked by {@link NnOps}.
 */
final class JvmNnOps extends NnOps {
  private static final float[] NONE = JvmTensor.NO_FLOATS;

  private final StepContext c;

  JvmNnOps(StepContext context) {
    super(context.backend);
    this.c = context;
  }

  // ----------------------------------------------------------------------------------- linear

  @Override
  protected Tensor linearKernel(Tensor x, Tensor weight, @Nullable Tensor bias, Shape out) {
    JvmTensor tx = c.in("linear", x);
    JvmTensor tw = c.in("linear", weight);
    JvmTensor tb = bias == null ? null : c.in("linear", bias);
    int k = tw.shape.dim(1);
    int n = tw.shape.dim(0);
    int m = k == 0 ? out.elementCount() / Math.max(n, 1) : tx.size / k;
    float[] y = c.alloc(out.elementCount());
    if (tb != null) {
      float[] bv = tb.f;
      c.exec.parallelFor(m, n, (lo, hi) -> Layout.copyRows(lo, hi, bv, 0, 0, y, 0, n, n));
    }
    c.gemm(false, true, m, n, k, tx.f, 0, tw.f, 0, y, 0, tb != null);
    JvmTensor r = tb == null ? c.result(out, y, tx, tw) : c.result(out, y, tx, tw, tb);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      if (gx != null) {
        // dX += dY · W
        c.gemm(false, false, m, k, n, g, 0, tw.f, 0, gx, 0, true);
      }
      float[] gw = c.gradOf(tw);
      if (gw != null) {
        // dW += dYᵀ · X
        c.gemm(true, false, n, k, m, g, 0, tx.f, 0, gw, 0, true);
      }
      float[] gb = tb == null ? null : c.gradOf(tb);
      if (gb != null) {
        c.exec.parallelFor(Pointwise.blocks(n), (long) m * Pointwise.BLOCK,
            (lo, hi) -> Pointwise.sumRowsInto(lo, hi, g, m, n, gb));
      }
    });
    return r;
  }

  // ---------------------------------------------------------------------------- normalisation

  @Override
  protected Tensor layerNormKernel(Tensor x, Tensor gamma, Tensor beta, float eps) {
    JvmTensor tx = c.in("layerNorm", x);
    JvmTensor tg = c.in("layerNorm", gamma);
    JvmTensor tb = c.in("layerNorm", beta);
    int cols = tx.shape.last();
    int rows = cols == 0 ? 0 : tx.size / cols;
    float[] y = c.alloc(tx.size);
    boolean keep = c.records(tx, tg, tb);
    float[] mean = keep ? c.alloc(rows) : NONE;
    float[] rstd = keep ? c.alloc(rows) : NONE;
    float[] xv = tx.f;
    float[] gv = tg.f;
    float[] bv = tb.f;
    c.exec.parallelFor(rows, 4L * cols, (lo, hi) -> Norms.layerNorm(lo, hi, xv, gv, bv, eps, cols,
        y, keep, mean, rstd));
    JvmTensor r = c.result(tx.shape, y, tx, tg, tb);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      float[] gGamma = c.gradOf(tg);
      float[] gBeta = c.gradOf(tb);
      boolean wantParams = gGamma != null || gBeta != null;
      int groups = Math.max(1, Math.min(rows, 4 * c.exec.threads()));
      float[] partial = wantParams ? c.alloc(groups * 2 * cols) : NONE;
      float[] gxv = gx == null ? NONE : gx;
      c.exec.parallelFor(groups, 8L * cols * rows / groups, (lo, hi) -> Norms.layerNormBackward(lo,
          hi, groups, rows, xv, gv, mean, rstd, g, cols, gxv, gx != null, partial, wantParams));
      if (gGamma != null) {
        Norms.sumPartials(0, cols, partial, groups, 2 * cols, 0, gGamma);
      }
      if (gBeta != null) {
        Norms.sumPartials(0, cols, partial, groups, 2 * cols, cols, gBeta);
      }
    });
    return r;
  }

  @Override
  protected Tensor activationKernel(Op op, Tensor x) {
    int code = switch (op) {
      case GELU -> Pointwise.GELU;
      case RELU -> Pointwise.RELU;
      default -> throw JvmMathOps.unexpected(op);
    };
    return JvmMathOps.pointwise(c, op, code, 0f, x);
  }

  @Override
  protected Tensor normaliseKernel(Op op, Tensor x, int axis) {
    boolean log = op == Op.LOG_SOFTMAX;
    JvmTensor tx = c.in(op.opName(), x);
    int[] dims = tx.shape.dims();
    int outer = JvmMathOps.product(dims, 0, axis);
    int len = dims[axis];
    int inner = JvmMathOps.product(dims, axis + 1, dims.length);
    float[] y = c.alloc(tx.size);
    float[] xv = tx.f;
    c.exec.parallelFor(outer, 8L * len * inner,
        (lo, hi) -> Norms.softmax(lo, hi, log, xv, len, inner, y));
    JvmTensor r = c.result(tx.shape, y, tx);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      if (gx != null) {
        c.exec.parallelFor(outer, 4L * len * inner,
            (lo, hi) -> Norms.softmaxBackward(lo, hi, log, y, g, len, inner, gx));
      }
    });
    return r;
  }

  // -------------------------------------------------------------------------------- attention

  @Override
  protected Tensor attentionKernel(Tensor q, Tensor k, Tensor v, boolean causal, Shape out) {
    JvmTensor tq = c.in("attention", q);
    JvmTensor tk = c.in("attention", k);
    JvmTensor tv = c.in("attention", v);
    int heads = tq.shape.dim(0) * tq.shape.dim(1);
    int nq = tq.shape.dim(2);
    int d = tq.shape.dim(3);
    int nk = tk.shape.dim(2);
    int dv = tv.shape.dim(3);
    float scale = (float) (1.0 / Math.sqrt(d));
    boolean keep = c.records(tq, tk, tv);
    float[] p = keep ? c.alloc(heads * nq * nk) : NONE;
    float[] y = c.alloc(out.elementCount());
    float[] qv = tq.f;
    float[] kv = tk.f;
    float[] vv = tv.f;
    int items = heads * Attention.queryBlocks(nq);
    int scratch = Attention.forwardScratch(nk, d, dv);
    c.exec.parallelFor(items, 2L * Attention.QB * nk * (d + dv), (lo, hi) -> Attention.forward(lo,
        hi, qv, kv, vv, nq, nk, d, dv, causal, scale, y, keep, p, new float[scratch]));
    JvmTensor r = c.result(out, y, tq, tk, tv);
    c.record(r, g -> {
      float[] gq = c.gradOf(tq);
      float[] gk = c.gradOf(tk);
      float[] gv = c.gradOf(tv);
      int backScratch = Attention.backwardScratch(nq, nk, d, dv);
      c.exec.parallelFor(heads, 8L * nq * nk * (d + dv), (lo, hi) -> Attention.backward(lo, hi,
          qv, kv, vv, p, g, nq, nk, d, dv, scale, gq == null ? NONE : gq, gq != null,
          gk == null ? NONE : gk, gk != null, gv == null ? NONE : gv, gv != null,
          new float[backScratch]));
    });
    return r;
  }

  // ----------------------------------------------------------------------------- convolutions

  @Override
  protected Tensor conv2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    JvmTensor tx = c.in("conv2d", x);
    JvmTensor tw = c.in("conv2d", weight);
    JvmTensor tb = bias == null ? null : c.in("conv2d", bias);
    int[] sx = tx.shape.dims();
    int[] sw = tw.shape.dims();
    int batch = sx[0];
    int cin = sx[1];
    int h = sx[2];
    int w = sx[3];
    int cout = sw[0];
    int kh = sw[2];
    int kw = sw[3];
    int oh = out.dim(2);
    int ow = out.dim(3);
    int ckk = cin * kh * kw;
    int plane = oh * ow;
    float[] y = c.alloc(out.elementCount());
    float[] cols = c.alloc(ckk * plane);
    for (int n = 0; n < batch; n++) {
      im2col(tx.f, n * cin * h * w, cin, h, w, kh, kw, stride, padding, oh, ow, cols);
      c.gemm(false, false, cout, plane, ckk, tw.f, 0, cols, 0, y, n * cout * plane,
          false);
    }
    if (tb != null) {
      float[] bv = tb.f;
      c.exec.parallelFor(batch * cout, plane,
          (lo, hi) -> Conv.addChannelBias(lo, hi, y, bv, cout, plane));
    }
    JvmTensor r = tb == null ? c.result(out, y, tx, tw) : c.result(out, y, tx, tw, tb);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      float[] gw = c.gradOf(tw);
      if (gx != null || gw != null) {
        float[] colsB = c.alloc(ckk * plane);
        float[] dcols = gx == null ? NONE : c.alloc(ckk * plane);
        for (int n = 0; n < batch; n++) {
          int gOff = n * cout * plane;
          if (gw != null) {
            im2col(tx.f, n * cin * h * w, cin, h, w, kh, kw, stride, padding, oh, ow, colsB);
            // dW += dY[n] · colsᵀ
            c.gemm(false, true, cout, ckk, plane, g, gOff, colsB, 0, gw, 0, true);
          }
          if (gx != null) {
            // dcols = Wᵀ · dY[n], scattered back onto the image
            c.gemm(true, false, ckk, plane, cout, tw.f, 0, g, gOff, dcols, 0, false);
            int xOff = n * cin * h * w;
            c.exec.parallelFor(cin, (long) kh * kw * plane, (lo, hi) -> Conv.col2im(lo, hi, dcols,
                h, w, kh, kw, stride, padding, oh, ow, gx, xOff));
          }
        }
      }
      float[] gb = tb == null ? null : c.gradOf(tb);
      if (gb != null) {
        c.exec.parallelFor(cout, (long) batch * plane,
            (lo, hi) -> Conv.channelBiasBackward(lo, hi, g, batch, cout, plane, gb));
      }
    });
    return r;
  }

  private void im2col(float[] x, int xOff, int channels, int h, int w, int kh, int kw,
      int stride, int padding, int oh, int ow, float[] cols) {
    c.exec.parallelFor(channels * kh * kw, (long) oh * ow, (lo, hi) -> Conv.im2col(lo, hi, x,
        xOff, h, w, kh, kw, stride, padding, oh, ow, cols));
  }

  @Override
  protected Tensor convTranspose2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    JvmTensor tx = c.in("convTranspose2d", x);
    JvmTensor tw = c.in("convTranspose2d", weight);
    JvmTensor tb = bias == null ? null : c.in("convTranspose2d", bias);
    int[] sx = tx.shape.dims();
    int[] sw = tw.shape.dims();
    int batch = sx[0];
    int cin = sx[1];
    int h = sx[2];
    int w = sx[3];
    int cout = sw[1];
    int kh = sw[2];
    int kw = sw[3];
    int oh = out.dim(2);
    int ow = out.dim(3);
    int ckk = cout * kh * kw;
    int plane = h * w;
    int outPlane = oh * ow;
    float[] y = c.zeros(out.elementCount()); // col2im adds into it
    float[] cols = c.alloc(ckk * plane);
    for (int n = 0; n < batch; n++) {
      // cols = Wᵀ · x[n], then scattered onto the (larger) output image
      c.gemm(true, false, ckk, plane, cin, tw.f, 0, tx.f, n * cin * plane, cols, 0,
          false);
      int yOff = n * cout * outPlane;
      c.exec.parallelFor(cout, (long) kh * kw * plane, (lo, hi) -> Conv.col2im(lo, hi, cols, oh,
          ow, kh, kw, stride, padding, h, w, y, yOff));
    }
    if (tb != null) {
      float[] bv = tb.f;
      c.exec.parallelFor(batch * cout, outPlane,
          (lo, hi) -> Conv.addChannelBias(lo, hi, y, bv, cout, outPlane));
    }
    JvmTensor r = tb == null ? c.result(out, y, tx, tw) : c.result(out, y, tx, tw, tb);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      float[] gw = c.gradOf(tw);
      if (gx != null || gw != null) {
        float[] dcols = c.alloc(ckk * plane);
        for (int n = 0; n < batch; n++) {
          im2col(g, n * cout * outPlane, cout, oh, ow, kh, kw, stride, padding, h, w, dcols);
          if (gx != null) {
            // dx[n] += W · dcols
            c.gemm(false, false, cin, plane, ckk, tw.f, 0, dcols, 0, gx,
                n * cin * plane, true);
          }
          if (gw != null) {
            // dW += x[n] · dcolsᵀ
            c.gemm(false, true, cin, ckk, plane, tx.f, n * cin * plane, dcols, 0, gw,
                0, true);
          }
        }
      }
      float[] gb = tb == null ? null : c.gradOf(tb);
      if (gb != null) {
        c.exec.parallelFor(cout, (long) batch * outPlane,
            (lo, hi) -> Conv.channelBiasBackward(lo, hi, g, batch, cout, outPlane, gb));
      }
    });
    return r;
  }

  // ------------------------------------------------------------------------------------ resize

  @Override
  protected Tensor resizeBilinearKernel(Tensor x, Shape out) {
    JvmTensor tx = c.in("resizeBilinear", x);
    int planes = out.dim(0) * out.dim(1);
    int inH = tx.shape.dim(2);
    int inW = tx.shape.dim(3);
    int outH = out.dim(2);
    int outW = out.dim(3);
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] wy0 = new float[outH];
    float[] wy1 = new float[outH];
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] wx0 = new float[outW];
    float[] wx1 = new float[outW];
    Resize.taps(inH, outH, y0, y1, wy0, wy1);
    Resize.taps(inW, outW, x0, x1, wx0, wx1);
    float[] y = c.alloc(out.elementCount());
    float[] xv = tx.f;
    c.exec.parallelFor(planes, 6L * outH * outW, (lo, hi) -> Resize.forward(lo, hi, xv, inH, inW,
        outH, outW, y0, y1, wy0, wy1, x0, x1, wx0, wx1, y));
    JvmTensor r = c.result(out, y, tx);
    c.record(r, g -> {
      float[] gx = c.gradOf(tx);
      if (gx != null) {
        c.exec.parallelFor(planes, 8L * outH * outW, (lo, hi) -> Resize.backward(lo, hi, g, inH,
            inW, outH, outW, y0, y1, wy0, wy1, x0, x1, wx0, wx1, gx));
      }
    });
    return r;
  }

  // ---------------------------------------------------------------------------------- losses

  @Override
  protected Tensor crossEntropyKernel(Tensor logits, Tensor targets, int ignoreIndex) {
    JvmTensor tl = c.in("crossEntropy", logits);
    JvmTensor tt = c.in("crossEntropy", targets);
    int rows = tl.shape.dim(0);
    int classes = tl.shape.dim(1);
    int[] t = tt.i;
    int count = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int r = 0; r < rows; r++) {
      if (t[r] != ignoreIndex) {
        count++;
        min = Math.min(min, t[r]);
        max = Math.max(max, t[r]);
      }
    }
    if (count == 0) {
      return c.floats(Shape.scalar(), new float[] {0f});
    }
    if (min < 0 || max >= classes) {
      throw VitpException.userError("Op [crossEntropy] expected targets in [0, " + classes
          + ") or equal to ignoreIndex=" + ignoreIndex + ". Received: min=" + min + ", max="
          + max + " among the " + count + " targets that are not ignored");
    }
    float[] lse = c.alloc(rows);
    float[] loss = c.alloc(rows);
    float[] lv = tl.f;
    c.exec.parallelFor(rows, 4L * classes,
        (lo, hi) -> CrossEntropy.forward(lo, hi, lv, classes, t, ignoreIndex, lse, loss,
            new float[classes]));
    double total = 0;
    for (int r = 0; r < rows; r++) {
      total += loss[r];
    }
    int kept = count;
    JvmTensor r = c.result(Shape.scalar(), new float[] {(float) (total / kept)}, tl);
    c.record(r, g -> {
      float[] gl = c.gradOf(tl);
      if (gl != null) {
        float scale = g[0] / kept;
        c.exec.parallelFor(rows, 4L * classes, (lo, hi) -> CrossEntropy.backward(lo, hi, lv,
            classes, t, ignoreIndex, lse, scale, gl, new float[classes]));
      }
    });
    return r;
  }
}
