package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Neural-network kernels as TensorFlow ops, with PyTorch's layouts and semantics (the contract's):
 * NCHW tensors are transposed to TensorFlow's NHWC around convolutions, GELU is the exact erf form,
 * layer norm uses the biased variance. Inputs are already checked by {@link
 * dev.vitp.spi.backend.NnOps}.
 */
final class TfNnOps extends dev.vitp.spi.backend.NnOps {
  private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

  private final TfScope s;

  TfNnOps(TfScope scope) {
    super(scope.backend());
    this.s = scope;
  }

  /** {@code x[..., in] @ weight[out, in]^T + bias}, as one 2-D MatMul with transpose_b. */
  @Override
  protected Tensor linearKernel(Tensor x, Tensor weight, @Nullable Tensor bias, Shape out) {
    return s.run(Op.LINEAR, () -> {
      int in = x.shape().last();
      NDArray rows = s.reshape(s.nd(x), -1, in);
      NDArray y = s.op("MatMul").input(rows).input(s.nd(weight)).attr("transpose_b", true).run();
      if (bias != null) {
        y = s.binary("AddV2", y, s.nd(bias));
      }
      return s.wrap(s.reshape(y, out.dims()));
    });
  }

  @Override
  protected Tensor layerNormKernel(Tensor x, Tensor gamma, Tensor beta, float eps) {
    return s.run(Op.LAYER_NORM, () -> {
      int last = x.shape().rank() - 1;
      NDArray a = s.nd(x);
      NDArray centred = s.binary("Sub", a, s.reduce("Mean", a, true, last));
      NDArray variance = s.reduce("Mean", s.unary("Square", centred), true, last);
      NDArray inverse = s.unary("Rsqrt", s.binary("AddV2", variance, s.floatScalar(eps)));
      NDArray y = s.binary("Mul", s.binary("Mul", centred, inverse), s.nd(gamma));
      return s.wrap(s.binary("AddV2", y, s.nd(beta)));
    });
  }

  @Override
  protected Tensor activationKernel(Op op, Tensor x) {
    return s.run(op, () -> {
      NDArray a = s.nd(x);
      return s.wrap(switch (op) {
        // x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)); TensorFlow has Erf but no GELU kernel.
        case GELU -> {
          NDArray erf = s.unary("Erf", s.binary("Mul", a, s.floatScalar(INV_SQRT2)));
          NDArray half = s.binary("Mul", a, s.floatScalar(0.5));
          yield s.binary("Mul", half, s.binary("AddV2", erf, s.floatScalar(1)));
        }
        case RELU -> s.unary("Relu", a);
        default -> throw TfMathOps.unexpected(op);
      });
    });
  }

  /** TensorFlow's Softmax and LogSoftmax work on the last axis; other axes are moved there. */
  @Override
  protected Tensor normaliseKernel(Op op, Tensor x, int axis) {
    String name = switch (op) {
      case SOFTMAX -> "Softmax";
      case LOG_SOFTMAX -> "LogSoftmax";
      default -> throw TfMathOps.unexpected(op);
    };
    return s.run(op, () -> {
      int last = x.shape().rank() - 1;
      if (axis == last) {
        return s.wrap(s.unary(name, s.nd(x)));
      }
      int[] swap = new int[last + 1];
      for (int i = 0; i <= last; i++) {
        swap[i] = i;
      }
      swap[axis] = last;
      swap[last] = axis;
      return s.wrap(s.transpose(s.unary(name, s.transpose(s.nd(x), swap)), swap));
    });
  }

  @Override
  protected Tensor attentionKernel(Tensor q, Tensor k, Tensor v, boolean causal, Shape out) {
    return s.run(Op.ATTENTION, () -> {
      NDArray scores = s.op("BatchMatMulV2").input(s.nd(q)).input(s.nd(k)).attr("adj_y", true)
          .run();
      scores = s.binary("Mul", scores, s.floatScalar(1.0 / Math.sqrt(q.shape().dim(3))));
      if (causal) {
        int t = q.shape().dim(2);
        // future[i][j] = j > i: query i may only see keys 0..i.
        float[] future = new float[t * t];
        for (int i = 0; i < t; i++) {
          for (int j = i + 1; j < t; j++) {
            future[i * t + j] = 1f;
          }
        }
        NDArray mask = s.op("Cast").input(s.floats(future, t, t))
            .attr("DstT", ai.djl.ndarray.types.DataType.BOOLEAN).run();
        scores = s.op("SelectV2").input(mask).input(s.floatScalar(Double.NEGATIVE_INFINITY))
            .input(scores).run();
      }
      NDArray weights = s.unary("Softmax", scores);
      return s.wrap(s.binary("BatchMatMulV2", weights, s.nd(v)));
    });
  }

  @Override
  protected Tensor conv2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    return s.run(Op.CONV2D, () -> {
      // NCHW -> NHWC; weight [Cout, Cin, kh, kw] -> [kh, kw, Cin, Cout].
      NDArray nhwc = s.transpose(s.nd(x), 0, 2, 3, 1);
      NDArray filter = s.transpose(s.nd(weight), 2, 3, 1, 0);
      NDArray y = s.op("Conv2D").input(nhwc).input(filter)
          .attr("strides", new long[] {1, stride, stride, 1})
          .attr("padding", "EXPLICIT")
          .attr("explicit_paddings", new long[] {0, 0, padding, padding, padding, padding, 0, 0})
          .attr("data_format", "NHWC").run();
      return s.wrap(withBias(s.transpose(y, 0, 3, 1, 2), bias, out.dim(1)));
    });
  }

  /**
   * The transposed convolution is the input gradient of a convolution ({@code
   * Conv2DBackpropInput}): a forward convolution from {@code Cout} to {@code Cin} channels with
   * kernel {@code [kh, kw, Cout, Cin]} and the same stride and padding, whose input has the
   * transposed output's size ({@code (in - 1) * stride - 2 * padding + k}, PyTorch's).
   */
  @Override
  protected Tensor convTranspose2dKernel(
      Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
    return s.run(Op.CONV_TRANSPOSE2D, () -> {
      NDArray nhwc = s.transpose(s.nd(x), 0, 2, 3, 1);
      // weight [Cin, Cout, kh, kw] -> [kh, kw, Cout, Cin]
      NDArray filter = s.transpose(s.nd(weight), 2, 3, 1, 0);
      NDArray sizes = s.intVector(out.dim(0), out.dim(2), out.dim(3), out.dim(1));
      NDArray y = s.op("Conv2DBackpropInput").input(sizes).input(filter).input(nhwc)
          .attr("strides", new long[] {1, stride, stride, 1})
          .attr("padding", "EXPLICIT")
          .attr("explicit_paddings", new long[] {0, 0, padding, padding, padding, padding, 0, 0})
          .attr("data_format", "NHWC").run();
      return s.wrap(withBias(s.transpose(y, 0, 3, 1, 2), bias, out.dim(1)));
    });
  }

  private NDArray withBias(NDArray nchw, @Nullable Tensor bias, int channels) {
    return bias == null ? nchw : s.binary("AddV2", nchw, s.reshape(s.nd(bias), 1, channels, 1, 1));
  }

  /**
   * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} as two matmuls with the
   * interpolation matrices the PyTorch backend uses (TensorFlow's ResizeBilinear rounds source
   * positions differently, and antialiases when asked to).
   */
  @Override
  protected Tensor resizeBilinearKernel(Tensor x, Shape out) {
    return s.run(Op.RESIZE_BILINEAR, () -> {
      NDArray r = s.nd(x);
      int inH = x.shape().dim(2);
      int inW = x.shape().dim(3);
      int outH = out.dim(2);
      int outW = out.dim(3);
      if (inW != outW) {
        // [N,C,H,W] @ Rw^T[W,outW]
        NDArray rw = s.floats(DjlNnOps.interpolationMatrix(inW, outW), outW, inW);
        r = s.op("BatchMatMulV2").input(r).input(rw).attr("adj_y", true).run();
      }
      if (inH != outH) {
        // Rh[outH,H] @ [N,C,H,outW]
        r = s.binary("BatchMatMulV2", s.floats(DjlNnOps.interpolationMatrix(inH, outH), outH, inH),
            r);
      }
      if (inW == outW && inH == outH) {
        r = s.unary("Identity", r);
      }
      return s.wrap(r);
    });
  }

  /**
   * Mean of {@code -log_softmax(logits)[target]} over the targets that are not ignored. The
   * targets are small (one per row), so they are checked and turned into flat indices on the host.
   */
  @Override
  protected Tensor crossEntropyKernel(Tensor logits, Tensor targets, int ignoreIndex) {
    return s.run(Op.CROSS_ENTROPY, () -> {
      int[] t = s.nd(targets).toIntArray();
      int classes = logits.shape().dim(1);
      int count = 0;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int target : t) {
        if (target != ignoreIndex) {
          count++;
          min = Math.min(min, target);
          max = Math.max(max, target);
        }
      }
      if (count == 0) {
        return s.wrap(s.floatScalar(0));
      }
      if (min < 0 || max >= classes) {
        throw VitpException.userError("Op [crossEntropy] expected targets in [0, " + classes
            + ") or equal to ignoreIndex=" + ignoreIndex + ". Received: min=" + min + ", max="
            + max + " among the " + count + " targets that are not ignored");
      }
      int[] picked = new int[count];
      for (int row = 0, k = 0; row < t.length; row++) {
        if (t[row] != ignoreIndex) {
          picked[k++] = row * classes + t[row];
        }
      }
      NDArray logp = s.reshape(s.unary("LogSoftmax", s.nd(logits)), t.length * classes);
      NDArray chosen = s.op("GatherV2").input(logp).input(s.intVector(picked))
          .input(s.intScalar(0)).run();
      NDArray total = s.reduce("Sum", chosen, false, 0);
      return s.wrap(s.binary("Mul", total, s.floatScalar(-1.0 / count)));
    });
  }
}
