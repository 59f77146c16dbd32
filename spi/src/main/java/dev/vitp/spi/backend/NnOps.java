package dev.vitp.spi.backend;

import org.jspecify.annotations.Nullable;

/**
 * Neural-network ops (Keras' {@code keras.ops.nn}). Layouts follow PyTorch: linear weights are
 * {@code [out, in]}, images are {@code NCHW}, conv weights {@code [out, in, kh, kw]}, transposed
 * conv weights {@code [in, out, kh, kw]}.
 */
public abstract class NnOps {
  private final OpChecks checks;

  protected NnOps(Backend backend) {
    this.checks = new OpChecks(backend);
  }

  /** {@code x[..., in] @ weight[out, in]^T + bias[out]}. */
  public final Tensor linear(Tensor x, Tensor weight, @Nullable Tensor bias) {
    checks.supported(Op.LINEAR);
    OpChecks.requireFloat(Op.LINEAR, x, weight);
    Shape sx = x.shape();
    Shape sw = weight.shape();
    boolean valid = sx.rank() >= 1 && sw.rank() == 2 && sx.dim(-1) == sw.dim(1);
    if (bias != null) {
      OpChecks.requireFloat(Op.LINEAR, bias);
      valid &= bias.shape().equals(Shape.of(sw.dim(0)));
    }
    if (!valid) {
      throw OpChecks.shapeError(Op.LINEAR, "x[..., in], weight[out, in], bias[out]",
          "x=" + sx + ", weight=" + sw + ", bias=" + (bias == null ? "none" : bias.shape()));
    }
    return linearKernel(x, weight, bias, sx.with(-1, sw.dim(0)));
  }

  /** Layer normalisation over the last axis (biased variance, as PyTorch). */
  public final Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
    checks.supported(Op.LAYER_NORM);
    OpChecks.requireFloat(Op.LAYER_NORM, x, gamma, beta);
    Shape c = Shape.of(x.shape().rank() == 0 ? 0 : x.shape().last());
    if (x.shape().rank() == 0 || !gamma.shape().equals(c) || !beta.shape().equals(c) || eps <= 0) {
      throw OpChecks.shapeError(Op.LAYER_NORM, "x[..., C], gamma[C], beta[C] and eps > 0",
          "x=" + x.shape() + ", gamma=" + gamma.shape() + ", beta=" + beta.shape() + ", eps=" + eps);
    }
    return layerNormKernel(x, gamma, beta, eps);
  }

  /** Exact GELU, {@code x * Phi(x)} with the error function (not the tanh approximation). */
  public final Tensor gelu(Tensor x) {
    return activation(Op.GELU, x);
  }

  public final Tensor relu(Tensor x) {
    return activation(Op.RELU, x);
  }

  public final Tensor softmax(Tensor x, int axis) {
    return normalise(Op.SOFTMAX, x, axis);
  }

  public final Tensor logSoftmax(Tensor x, int axis) {
    return normalise(Op.LOG_SOFTMAX, x, axis);
  }

  /**
   * Scaled dot-product attention, {@code softmax(q k^T / sqrt(d)) v}, on {@code [B, H, T, D]}
   * tensors. With {@code causal}, query i attends to keys 0..i only (requires {@code Tq == Tk}).
   */
  public final Tensor attention(Tensor q, Tensor k, Tensor v, boolean causal) {
    checks.supported(Op.ATTENTION);
    OpChecks.requireFloat(Op.ATTENTION, q, k, v);
    Shape sq = q.shape();
    Shape sk = k.shape();
    Shape sv = v.shape();
    boolean valid = sq.rank() == 4 && sk.rank() == 4 && sv.rank() == 4
        && sq.dim(0) == sk.dim(0) && sk.dim(0) == sv.dim(0)
        && sq.dim(1) == sk.dim(1) && sk.dim(1) == sv.dim(1)
        && sq.dim(3) == sk.dim(3) && sk.dim(2) == sv.dim(2)
        && (!causal || sq.dim(2) == sk.dim(2));
    if (!valid) {
      throw OpChecks.shapeError(Op.ATTENTION,
          "q[B, H, Tq, D], k[B, H, Tk, D], v[B, H, Tk, Dv]" + (causal ? " with Tq == Tk (causal)" : ""),
          "q=" + sq + ", k=" + sk + ", v=" + sv);
    }
    return attentionKernel(q, k, v, causal, sq.with(3, sv.dim(3)));
  }

  /** 2-D convolution of {@code x[N, Cin, H, W]} with {@code weight[Cout, Cin, kh, kw]}. */
  public final Tensor conv2d(Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding) {
    checks.supported(Op.CONV2D);
    Shape out = convShape(Op.CONV2D, x, weight, bias, stride, padding, false);
    return conv2dKernel(x, weight, bias, stride, padding, out);
  }

  /** Transposed 2-D convolution of {@code x[N, Cin, H, W]} with {@code weight[Cin, Cout, kh, kw]}. */
  public final Tensor convTranspose2d(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding) {
    checks.supported(Op.CONV_TRANSPOSE2D);
    Shape out = convShape(Op.CONV_TRANSPOSE2D, x, weight, bias, stride, padding, true);
    return convTranspose2dKernel(x, weight, bias, stride, padding, out);
  }

  /** Bilinear resize of {@code x[N, C, H, W]} with PyTorch's {@code align_corners=False}. */
  public final Tensor resizeBilinear(Tensor x, int height, int width) {
    checks.supported(Op.RESIZE_BILINEAR);
    OpChecks.requireFloat(Op.RESIZE_BILINEAR, x);
    if (x.shape().rank() != 4 || height <= 0 || width <= 0) {
      throw OpChecks.shapeError(Op.RESIZE_BILINEAR, "x[N, C, H, W] and a positive output size",
          "x=" + x.shape() + ", height=" + height + ", width=" + width);
    }
    Shape s = x.shape();
    return resizeBilinearKernel(x, Shape.of(s.dim(0), s.dim(1), height, width));
  }

  /**
   * Mean cross-entropy of {@code logits[N, C]} against int32 {@code targets[N]}, over the targets
   * that are not {@code ignoreIndex}. When every target is ignored the loss is 0 (not NaN) and no
   * gradient flows; callers that must not train on nothing check their masks first.
   */
  public final Tensor crossEntropy(Tensor logits, Tensor targets, int ignoreIndex) {
    checks.supported(Op.CROSS_ENTROPY);
    OpChecks.requireFloat(Op.CROSS_ENTROPY, logits);
    OpChecks.requireInt(Op.CROSS_ENTROPY, "targets", targets);
    if (logits.shape().rank() != 2 || targets.shape().rank() != 1
        || logits.shape().dim(0) != targets.shape().dim(0)) {
      throw OpChecks.shapeError(Op.CROSS_ENTROPY, "logits[N, C] and targets[N]",
          "logits=" + logits.shape() + ", targets=" + targets.shape());
    }
    return crossEntropyKernel(logits, targets, ignoreIndex);
  }

  private Tensor activation(Op op, Tensor x) {
    checks.supported(op);
    OpChecks.requireFloat(op, x);
    return activationKernel(op, x);
  }

  private Tensor normalise(Op op, Tensor x, int axis) {
    checks.supported(op);
    OpChecks.requireFloat(op, x);
    return normaliseKernel(op, x, OpChecks.axis(op, x.shape(), axis));
  }

  private static Shape convShape(Op op, Tensor x, Tensor weight, @Nullable Tensor bias, int stride,
      int padding, boolean transposed) {
    OpChecks.requireFloat(op, x, weight);
    Shape sx = x.shape();
    Shape sw = weight.shape();
    String layout = transposed
        ? "x[N, Cin, H, W], weight[Cin, Cout, kh, kw], bias[Cout], stride >= 1, padding >= 0"
        : "x[N, Cin, H, W], weight[Cout, Cin, kh, kw], bias[Cout], stride >= 1, padding >= 0";
    String received = "x=" + sx + ", weight=" + sw + ", bias=" + (bias == null ? "none" : bias.shape())
        + ", stride=" + stride + ", padding=" + padding;
    if (sx.rank() != 4 || sw.rank() != 4 || stride < 1 || padding < 0
        || sx.dim(1) != sw.dim(transposed ? 0 : 1)) {
      throw OpChecks.shapeError(op, layout, received);
    }
    int cout = sw.dim(transposed ? 1 : 0);
    if (bias != null) {
      OpChecks.requireFloat(op, bias);
      if (!bias.shape().equals(Shape.of(cout))) {
        throw OpChecks.shapeError(op, layout, received);
      }
    }
    int h;
    int w;
    if (transposed) {
      h = (sx.dim(2) - 1) * stride - 2 * padding + sw.dim(2);
      w = (sx.dim(3) - 1) * stride - 2 * padding + sw.dim(3);
    } else {
      int ph = sx.dim(2) + 2 * padding - sw.dim(2);
      int pw = sx.dim(3) + 2 * padding - sw.dim(3);
      h = ph < 0 ? 0 : ph / stride + 1;
      w = pw < 0 ? 0 : pw / stride + 1;
    }
    if (h <= 0 || w <= 0) {
      throw OpChecks.shapeError(op, layout + " giving a non-empty output", received);
    }
    return Shape.of(sx.dim(0), cout, h, w);
  }

  protected abstract Tensor linearKernel(Tensor x, Tensor weight, @Nullable Tensor bias, Shape out);

  protected abstract Tensor layerNormKernel(Tensor x, Tensor gamma, Tensor beta, float eps);

  /** {@code op} is GELU or RELU. */
  protected abstract Tensor activationKernel(Op op, Tensor x);

  /** {@code op} is SOFTMAX or LOG_SOFTMAX; {@code axis} is normalised. */
  protected abstract Tensor normaliseKernel(Op op, Tensor x, int axis);

  protected abstract Tensor attentionKernel(Tensor q, Tensor k, Tensor v, boolean causal, Shape out);

  protected abstract Tensor conv2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out);

  protected abstract Tensor convTranspose2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out);

  protected abstract Tensor resizeBilinearKernel(Tensor x, Shape out);

  /** Targets outside {@code [0, C)} other than {@code ignoreIndex} must fail with a USER_ERROR. */
  protected abstract Tensor crossEntropyKernel(Tensor logits, Tensor targets, int ignoreIndex);
}
