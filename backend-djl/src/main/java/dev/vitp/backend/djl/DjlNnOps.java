package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Neural-network kernels on PyTorch (PyTorch layouts, as the contract). Inputs are already checked
 * by {@link dev.vitp.spi.backend.NnOps}. Every result and temporary is attached to the step's
 * manager.
 */
final class DjlNnOps extends dev.vitp.spi.backend.NnOps {
  private final StepScope s;

  DjlNnOps(StepScope scope) {
    super(scope.backend());
    this.s = scope;
  }

  @Override
  protected Tensor linearKernel(Tensor x, Tensor weight, @Nullable Tensor bias, Shape out) {
    return s.run(Op.LINEAR, () -> s.wrap(
        JniUtils.linear(s.nd(x), s.nd(weight), bias == null ? null : s.nd(bias))));
  }

  @Override
  protected Tensor layerNormKernel(Tensor x, Tensor gamma, Tensor beta, float eps) {
    if (x.shape().last() == 1) {
      // Over a single element x - mean(x) is x - x: y = beta and dy/dx = 0 exactly. libtorch's
      // fused backward returns rounding noise there, amplified by rstd^3 = eps^-1.5 (3e7 for
      // x near 100; the conformance suite caught it about one run in eight). Autograd through
      // (x - x) * gamma + beta gives the exact gradients of x, gamma and beta.
      return s.run(Op.LAYER_NORM, () -> {
        PtNDArray a = s.nd(x);
        PtNDArray centred = s.own(JniUtils.sub(a, a));
        return s.wrap(JniUtils.add(s.own(JniUtils.mul(centred, s.nd(gamma))), s.nd(beta)));
      });
    }
    return s.run(Op.LAYER_NORM, () -> s.wrap(JniUtils.layerNorm(s.nd(x),
        new ai.djl.ndarray.types.Shape(x.shape().last()), s.nd(gamma), s.nd(beta), eps)));
  }

  @Override
  protected Tensor activationKernel(Op op, Tensor x) {
    return s.run(op, () -> {
      PtNDArray a = s.nd(x);
      PtNDArray r = switch (op) {
        // torch::nn::functional::gelu with its default approximate="none": the exact erf form.
        case GELU -> JniUtils.gelu(a);
        case RELU -> JniUtils.relu(a);
        default -> throw DjlMathOps.unexpected(op);
      };
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor normaliseKernel(Op op, Tensor x, int axis) {
    return s.run(op, () -> {
      PtNDArray a = s.nd(x);
      PtNDArray r = switch (op) {
        case SOFTMAX -> JniUtils.softmax(a, axis, DataType.FLOAT32);
        case LOG_SOFTMAX -> JniUtils.logSoftmax(a, axis, DataType.FLOAT32);
        default -> throw DjlMathOps.unexpected(op);
      };
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor attentionKernel(Tensor q, Tensor k, Tensor v, boolean causal, Shape out) {
    return s.run(Op.ATTENTION, () -> {
      PtNDArray kt = s.own(JniUtils.transpose(s.nd(k), 2, 3));
      PtNDArray scores = s.own(JniUtils.matmul(s.nd(q), kt));
      int d = q.shape().dim(3);
      scores = s.own(JniUtils.mul(scores, s.floatScalar(1.0 / Math.sqrt(d))));
      if (causal) {
        int t = q.shape().dim(2);
        // future[i][j] = j > i: query i may only see keys 0..i.
        PtNDArray rows = s.own(JniUtils.reshape(arange(t), new long[] {t, 1}));
        PtNDArray cols = s.own(JniUtils.reshape(arange(t), new long[] {1, t}));
        PtNDArray future = s.own(JniUtils.gt(cols, rows));
        scores = s.own(JniUtils.where(future, s.floatScalar(Double.NEGATIVE_INFINITY), scores));
      }
      PtNDArray weights = s.own(JniUtils.softmax(scores, 3, DataType.FLOAT32));
      return s.wrap(JniUtils.matmul(weights, s.nd(v)));
    });
  }

  private PtNDArray arange(int n) {
    return JniUtils.arange(s.manager(), 0, n, 1, DataType.INT64, Device.cpu(), SparseFormat.DENSE);
  }

  @Override
  protected Tensor conv2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    return s.run(Op.CONV2D, () -> s.wrap(conv2d(s.nd(x), s.nd(weight),
        bias == null ? null : s.nd(bias), stride, padding)));
  }

  /**
   * Convolution as im2col and one matmul, not libtorch's own convolution: on an AMD EPYC with
   * AVX-512, libtorch 2.7.1's convolution (its oneDNN path, taken whenever the batch holds more
   * than one image) returns wrong input gradients (0.0 where 0.124 is right; in a probe of 756
   * small shapes against finite differences, 208 were wrong, every one with a batch of 2 or 3),
   * while slicing, padding and matmul are right on every CPU the conformance suite ran on.
   *
   * <ul>
   *   <li>Non-overlapping windows ({@code kh == kw == stride}, no padding: the ViT's patch
   *       embedding, 1x1 convolutions): a reshape into patches and one matmul.
   *   <li>General case: zero-pad, take the {@code kh * kw} strided shifts of the input as
   *       columns {@code [N, Cin*kh*kw, Ho*Wo]} and multiply by the kernel {@code [Cout,
   *       Cin*kh*kw]}.
   * </ul>
   */
  private PtNDArray conv2d(PtNDArray x, PtNDArray w, @Nullable PtNDArray b, int stride,
      int padding) {
    long[] sx = x.getShape().getShape();
    long[] sw = w.getShape().getShape();
    long n = sx[0];
    long cin = sx[1];
    long cout = sw[0];
    long kh = sw[2];
    long kw = sw[3];
    long outH = (sx[2] + 2L * padding - kh) / stride + 1;
    long outW = (sx[3] + 2L * padding - kw) / stride + 1;
    PtNDArray kernel = s.own(JniUtils.reshape(w, new long[] {cout, cin * kh * kw}));
    PtNDArray y;
    if (kh == stride && kw == stride && padding == 0) {
      // Crop what no window covers, then [N,C,Ho,k,Wo,k] -> [N,Ho,Wo,C,k,k] -> [N,Ho*Wo,C*k*k].
      PtNDArray cropped = s.own(JniUtils.slice(x, 2, 0, outH * kh, 1));
      cropped = s.own(JniUtils.slice(cropped, 3, 0, outW * kw, 1));
      PtNDArray patches = s.own(JniUtils.reshape(cropped, new long[] {n, cin, outH, kh, outW, kw}));
      patches = s.own(JniUtils.permute(patches, new long[] {0, 2, 4, 1, 3, 5}));
      patches = s.own(JniUtils.reshape(patches, new long[] {n, outH * outW, cin * kh * kw}));
      PtNDArray rows = s.own(JniUtils.matmul(patches, s.own(JniUtils.permute(kernel,
          new long[] {1, 0}))));
      y = s.own(JniUtils.permute(rows, new long[] {0, 2, 1}));
    } else {
      PtNDArray padded = padding == 0 ? x
          : s.own(JniUtils.pad(x, new long[] {padding, padding, padding, padding}, 0));
      PtNDArray[] shifts = new PtNDArray[(int) (kh * kw)];
      for (int i = 0; i < kh; i++) {
        PtNDArray band = s.own(JniUtils.slice(padded, 2, i, i + stride * (outH - 1) + 1, stride));
        for (int j = 0; j < kw; j++) {
          shifts[(int) (i * kw + j)] =
              s.own(JniUtils.slice(band, 3, j, j + stride * (outW - 1) + 1, stride));
        }
      }
      PtNDArray columns = s.own(JniUtils.stack(shifts, 2)); // [N, C, kh*kw, Ho, Wo]
      columns = s.own(JniUtils.reshape(columns, new long[] {n, cin * kh * kw, outH * outW}));
      y = s.own(JniUtils.matmul(kernel, columns));
    }
    y = s.own(JniUtils.reshape(y, new long[] {n, cout, outH, outW}));
    return b == null ? y : JniUtils.add(y, s.own(JniUtils.reshape(b, new long[] {1, cout, 1, 1})));
  }

  /**
   * DJL 0.36.0 exposes no transposed convolution, so it is built from differentiable ops with
   * PyTorch's semantics ({@code out = (in - 1) * stride - 2 * padding + k}).
   *
   * <ul>
   *   <li>Non-overlapping case ({@code kh == kw == stride}, {@code padding == 0}, e.g. the 2x2 /
   *       stride-2 upsampler of segmentation necks): each input pixel writes its own
   *       {@code k x k} block, so it is one matmul {@code x[N,H,W,Cin] @ w[Cin, Cout*k*k]} and a
   *       pixel shuffle.
   *   <li>General case: the textbook identity. Dilate the input with {@code stride - 1} zeros
   *       between pixels, pad it with {@code k - 1 - padding} (negative pads crop), and run a
   *       stride-1 convolution with the spatially flipped kernel, in/out channels swapped.
   * </ul>
   */
  @Override
  protected Tensor convTranspose2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    return s.run(Op.CONV_TRANSPOSE2D, () -> {
      PtNDArray in = s.nd(x);
      PtNDArray w = s.nd(weight);
      PtNDArray b = bias == null ? null : s.nd(bias);
      int[] sx = x.shape().dims();
      int[] sw = weight.shape().dims();
      if (sw[2] == stride && sw[3] == stride && padding == 0) {
        return s.wrap(blockTransposed(in, w, b, sx, sw));
      }
      return s.wrap(dilatedTransposed(in, w, b, sx, sw, stride, padding));
    });
  }

  private PtNDArray blockTransposed(PtNDArray x, PtNDArray w, @Nullable PtNDArray b, int[] sx,
      int[] sw) {
    long n = sx[0];
    long cin = sx[1];
    long h = sx[2];
    long wd = sx[3];
    long cout = sw[1];
    long k = sw[2];
    PtNDArray nhwc = s.own(JniUtils.permute(x, new long[] {0, 2, 3, 1}));
    PtNDArray w2 = s.own(JniUtils.reshape(w, new long[] {cin, cout * k * k}));
    PtNDArray y = s.own(JniUtils.matmul(nhwc, w2));
    y = s.own(JniUtils.reshape(y, new long[] {n, h, wd, cout, k, k}));
    y = s.own(JniUtils.permute(y, new long[] {0, 3, 1, 4, 2, 5}));
    y = s.own(JniUtils.reshape(y, new long[] {n, cout, h * k, wd * k}));
    return b == null ? y : JniUtils.add(y, s.own(JniUtils.reshape(b, new long[] {1, cout, 1, 1})));
  }

  private PtNDArray dilatedTransposed(PtNDArray x, PtNDArray w, @Nullable PtNDArray b, int[] sx,
      int[] sw, int stride, int padding) {
    long n = sx[0];
    long cin = sx[1];
    long h = sx[2];
    long wd = sx[3];
    int kh = sw[2];
    int kw = sw[3];
    PtNDArray dilated = x;
    if (stride > 1) {
      // [N,C,H,W] -> [N,C,H,1,W,1] -> zero-pad the unit axes to stride -> [N,C,H*s,W*s]
      PtNDArray six = s.own(JniUtils.reshape(x, new long[] {n, cin, h, 1, wd, 1}));
      six = s.own(JniUtils.pad(six, new long[] {0, stride - 1, 0, 0, 0, stride - 1}, 0));
      dilated = s.own(JniUtils.reshape(six, new long[] {n, cin, h * stride, wd * stride}));
    }
    // The dilated input has stride - 1 trailing zeros per axis that the identity does not want.
    long[] pads = {
      kw - 1 - padding, kw - 1 - padding - (stride - 1),
      kh - 1 - padding, kh - 1 - padding - (stride - 1)
    };
    PtNDArray padded = s.own(JniUtils.pad(dilated, pads, 0));
    PtNDArray flipped = s.own(JniUtils.flip(w, new long[] {2, 3}));
    PtNDArray kernel = s.own(JniUtils.permute(flipped, new long[] {1, 0, 2, 3}));
    return conv2d(padded, kernel, b, 1, 0);
  }

  /**
   * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} (no antialiasing) as two
   * matmuls with interpolation matrices: exact, and differentiable for free. (DJL's interpolate
   * turns antialiasing on, which changes the result when shrinking.)
   */
  @Override
  protected Tensor resizeBilinearKernel(Tensor x, Shape out) {
    return s.run(Op.RESIZE_BILINEAR, () -> {
      PtNDArray r = s.nd(x);
      int inH = x.shape().dim(2);
      int inW = x.shape().dim(3);
      int outH = out.dim(2);
      int outW = out.dim(3);
      if (inW != outW) {
        // [N,C,H,W] @ Rw^T[W,outW]
        PtNDArray rwT = s.floats(transpose(interpolationMatrix(inW, outW), outW, inW), inW, outW);
        r = s.own(JniUtils.matmul(r, rwT));
      }
      if (inH != outH) {
        // Rh[outH,H] @ [N,C,H,outW]
        PtNDArray rh = s.floats(interpolationMatrix(inH, outH), outH, inH);
        r = s.own(JniUtils.matmul(rh, r));
      }
      if (inW == outW && inH == outH) {
        r = JniUtils.reshape(r, DjlTensor.longs(out)); // a fresh handle: same size is identity
      }
      return s.wrap(r);
    });
  }

  /**
   * Row-major {@code [out, in]} weights of 1-D linear interpolation, with PyTorch's source index
   * {@code max(0, (dst + 0.5) * in / out - 0.5)} computed in float as its CPU kernel does.
   */
  static float[] interpolationMatrix(int in, int out) {
    float[] m = new float[out * in];
    float scale = (float) in / (float) out;
    for (int dst = 0; dst < out; dst++) {
      float src = scale * (dst + 0.5f) - 0.5f;
      if (src < 0f) {
        src = 0f;
      }
      int i0 = (int) src;
      int i1 = i0 < in - 1 ? i0 + 1 : i0;
      float lambda1 = Math.min(Math.max(src - i0, 0f), 1f);
      float lambda0 = 1f - lambda1;
      m[dst * in + i0] += lambda0;
      m[dst * in + i1] += lambda1;
    }
    return m;
  }

  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  /**
   * Mean of {@code -log_softmax(logits)[target]} over the targets that are not ignored. The
   * targets are checked on the backend (count, min and max reductions) before the loss is built;
   * when every target is ignored the loss is a constant 0 with no graph, so nothing flows back.
   */
  @Override
  protected Tensor crossEntropyKernel(Tensor logits, Tensor targets, int ignoreIndex) {
    return s.run(Op.CROSS_ENTROPY, () -> {
      PtNDArray lg = s.nd(logits);
      PtNDArray t = s.nd(targets);
      int classes = logits.shape().dim(1);
      PtNDArray kept = s.own(JniUtils.neq(t, s.intScalar(ignoreIndex)));
      long count = HostCopies.firstLong(s.own(JniUtils.sum(kept)));
      if (count == 0) {
        return s.wrap(s.floatScalar(0));
      }
      // Bounds over the kept targets only (ignored ones are replaced by neutral extremes).
      long min = HostCopies.firstLong(s.own(JniUtils.min(
          s.own(JniUtils.where(kept, t, s.intScalar(Integer.MAX_VALUE))))));
      long max = HostCopies.firstLong(s.own(JniUtils.max(
          s.own(JniUtils.where(kept, t, s.intScalar(Integer.MIN_VALUE))))));
      if (min < 0 || max >= classes) {
        throw VitpException.userError("Op [crossEntropy] expected targets in [0, " + classes
            + ") or equal to ignoreIndex=" + ignoreIndex + ". Received: min=" + min + ", max="
            + max + " among the " + count + " targets that are not ignored");
      }
      // Ignored rows look up class 0 (in range) and are then masked out of the sum.
      PtNDArray safe = s.own(JniUtils.where(kept, t, s.intScalar(0)));
      PtNDArray logp = s.own(JniUtils.logSoftmax(lg, 1, DataType.FLOAT32));
      PtNDArray index = s.own(JniUtils.to(safe, DataType.INT64, Device.cpu()));
      index = s.own(JniUtils.unsqueeze(index, 1));
      PtNDArray picked = s.own(JniUtils.gather(logp, index, 1));
      picked = s.own(JniUtils.squeeze(picked, 1));
      picked = s.own(JniUtils.where(kept, picked, s.floatScalar(0)));
      PtNDArray total = s.own(JniUtils.sum(picked));
      return s.wrap(JniUtils.div(s.own(JniUtils.neg(total)), s.floatScalar(count)));
    });
  }
}
