package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Plain-Java float64 reference implementations of the forward of every {@link Op}, written for
 * clarity, not speed. They define the numbers the conformance suite expects (numpy / PyTorch
 * semantics as the spi javadoc states them). Inputs are assumed valid (the spi checks shapes before
 * a backend sees them); invalid input fails with {@link IllegalArgumentException}.
 */
public final class ReferenceOps {
  private static final double SQRT2 = Math.sqrt(2.0);
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

  private ReferenceOps() {}

  // ---------------------------------------------------------------- tensor (CONSTANT, ASSIGN)

  /** CONSTANT: a float32 tensor from host values (values are rounded to float32 by the caller). */
  public static RefTensor constant(int[] shape, float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return RefTensor.of(shape, d);
  }

  /** ASSIGN: the parameter afterwards holds exactly the assigned value. */
  public static RefTensor assign(RefTensor parameter, RefTensor value) {
    if (!Arrays.equals(parameter.shape, value.shape)) {
      throw new IllegalArgumentException("assign: shapes differ");
    }
    return value;
  }

  // ---------------------------------------------------------------- elementwise

  public static RefTensor add(RefTensor a, RefTensor b) {
    return broadcast(a, b, Double::sum);
  }

  public static RefTensor sub(RefTensor a, RefTensor b) {
    return broadcast(a, b, (x, y) -> x - y);
  }

  public static RefTensor mul(RefTensor a, RefTensor b) {
    return broadcast(a, b, (x, y) -> x * y);
  }

  public static RefTensor div(RefTensor a, RefTensor b) {
    return broadcast(a, b, (x, y) -> x / y);
  }

  public static RefTensor maximum(RefTensor a, RefTensor b) {
    return broadcast(a, b, Math::max);
  }

  public static RefTensor minimum(RefTensor a, RefTensor b) {
    return broadcast(a, b, Math::min);
  }

  public static RefTensor neg(RefTensor a) {
    return map(a, x -> -x);
  }

  public static RefTensor abs(RefTensor a) {
    return map(a, Math::abs);
  }

  public static RefTensor exp(RefTensor a) {
    return map(a, Math::exp);
  }

  public static RefTensor log(RefTensor a) {
    return map(a, Math::log);
  }

  public static RefTensor sqrt(RefTensor a) {
    return map(a, Math::sqrt);
  }

  public static RefTensor tanh(RefTensor a) {
    return map(a, Math::tanh);
  }

  public static RefTensor sigmoid(RefTensor a) {
    return map(a, ReferenceOps::sigmoid);
  }

  public static RefTensor mulScalar(RefTensor a, double scalar) {
    return map(a, x -> x * scalar);
  }

  public static RefTensor addScalar(RefTensor a, double scalar) {
    return map(a, x -> x + scalar);
  }

  /** The element-wise binary op {@code op} (add … minimum), for callers that dispatch by op. */
  public static RefTensor binary(Op op, RefTensor a, RefTensor b) {
    return switch (op) {
      case ADD -> add(a, b);
      case SUB -> sub(a, b);
      case MUL -> mul(a, b);
      case DIV -> div(a, b);
      case MAXIMUM -> maximum(a, b);
      case MINIMUM -> minimum(a, b);
      default -> throw new IllegalArgumentException("Not an element-wise binary op: " + op);
    };
  }

  /** The element-wise unary op {@code op} (neg … relu), for callers that dispatch by op. */
  public static RefTensor unary(Op op, RefTensor x) {
    return switch (op) {
      case NEG -> neg(x);
      case ABS -> abs(x);
      case EXP -> exp(x);
      case LOG -> log(x);
      case SQRT -> sqrt(x);
      case TANH -> tanh(x);
      case SIGMOID -> sigmoid(x);
      case GELU -> gelu(x);
      case RELU -> relu(x);
      default -> throw new IllegalArgumentException("Not an element-wise unary op: " + op);
    };
  }

  public static RefTensor relu(RefTensor a) {
    return map(a, x -> x > 0 ? x : 0.0);
  }

  /** Exact GELU: {@code x * Phi(x) = x/2 * erfc(-x / sqrt 2)}. */
  public static RefTensor gelu(RefTensor a) {
    return map(a, ReferenceOps::gelu);
  }

  public static double gelu(double x) {
    return 0.5 * x * erfc(-x / SQRT2);
  }

  public static double sigmoid(double x) {
    return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
  }

  /** The error function to double precision (series below 2, continued fraction above). */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double ax = Math.abs(x);
    if (ax < 2.0) {
      return erfSeries(x);
    }
    return Math.copySign(1.0 - erfcContinuedFraction(ax), x);
  }

  /** The complementary error function {@code 1 - erf(x)}, accurate in the tails. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < 1.0) {
      return 1.0 - erfSeries(x); // erfc(1) = 0.157: no harmful cancellation below 1
    }
    return erfcContinuedFraction(x);
  }

  /**
   * {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))}: every term is
   * positive, so there is no cancellation.
   */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 500; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /**
   * {@code erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))} for
   * {@code x > 0}, evaluated with the modified Lentz algorithm.
   */
  private static double erfcContinuedFraction(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 5000; n++) {
      double an = n / 2.0;
      d = x + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1.0 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
  }

  // ---------------------------------------------------------------- linear algebra, movement

  /** Batched matrix product with numpy broadcasting of the batch dimensions. */
  public static RefTensor matmul(RefTensor a, RefTensor b) {
    if (a.rank() < 2 || b.rank() < 2 || a.dim(-1) != b.dim(-2)) {
      throw new IllegalArgumentException("matmul shapes " + Arrays.toString(a.shape) + " "
          + Arrays.toString(b.shape));
    }
    int m = a.dim(-2);
    int k = a.dim(-1);
    int n = b.dim(-1);
    int[] batchA = Arrays.copyOf(a.shape, a.rank() - 2);
    int[] batchB = Arrays.copyOf(b.shape, b.rank() - 2);
    int[] batch = broadcastShape(batchA, batchB);
    int batches = RefTensor.size(batch);
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    double[] out = new double[batches * m * n];
    int[] idx = new int[batch.length];
    for (int bi = 0; bi < batches; bi++) {
      unravel(bi, batch, idx);
      int offA = broadcastIndex(batchA, idx) * m * k;
      int offB = broadcastIndex(batchB, idx) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a.data[offA + i * k + p] * b.data[offB + p * n + j];
          }
          out[(bi * m + i) * n + j] = s;
        }
      }
    }
    return RefTensor.wrap(outShape, out);
  }

  /** Output axis i is input axis {@code permutation[i]}. */
  public static RefTensor transpose(RefTensor a, int... permutation) {
    int r = a.rank();
    if (permutation.length != r) {
      throw new IllegalArgumentException("permutation rank");
    }
    int[] outShape = new int[r];
    for (int i = 0; i < r; i++) {
      outShape[i] = a.shape[permutation[i]];
    }
    int[] inStrides = strides(a.shape);
    double[] out = new double[a.size()];
    int[] idx = new int[r];
    for (int o = 0; o < out.length; o++) {
      unravel(o, outShape, idx);
      int in = 0;
      for (int i = 0; i < r; i++) {
        in += idx[i] * inStrides[permutation[i]];
      }
      out[o] = a.data[in];
    }
    return RefTensor.wrap(outShape, out);
  }

  /** Same values, new shape; one dimension may be -1. */
  public static RefTensor reshape(RefTensor a, int... dims) {
    int[] out = dims.clone();
    int inferred = -1;
    int known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (inferred >= 0) {
          throw new IllegalArgumentException("two -1 dims");
        }
        inferred = i;
      } else {
        known *= out[i];
      }
    }
    if (inferred >= 0) {
      out[inferred] = a.size() / known;
    }
    if (RefTensor.size(out) != a.size()) {
      throw new IllegalArgumentException("reshape size");
    }
    return RefTensor.wrap(out, a.data.clone());
  }

  public static RefTensor sum(RefTensor a, int axis, boolean keepDims) {
    return reduce(a, axis, keepDims, Reduction.SUM);
  }

  public static RefTensor mean(RefTensor a, int axis, boolean keepDims) {
    return reduce(a, axis, keepDims, Reduction.MEAN);
  }

  public static RefTensor max(RefTensor a, int axis, boolean keepDims) {
    return reduce(a, axis, keepDims, Reduction.MAX);
  }

  /** Index of the first maximum along an axis (integral values). */
  public static RefTensor argmax(RefTensor a, int axis) {
    return reduce(a, axis, false, Reduction.ARGMAX);
  }

  public static RefTensor sumAll(RefTensor a) {
    double s = 0;
    for (double v : a.data) {
      s += v;
    }
    return RefTensor.scalar(s);
  }

  public static RefTensor concat(List<RefTensor> tensors, int axis) {
    RefTensor first = tensors.get(0);
    int ax = normaliseAxis(axis, first.rank());
    int outer = prod(first.shape, 0, ax);
    int inner = prod(first.shape, ax + 1, first.rank());
    int total = 0;
    for (RefTensor t : tensors) {
      for (int i = 0; i < first.rank(); i++) {
        if (i != ax && t.shape[i] != first.shape[i]) {
          throw new IllegalArgumentException("concat shapes");
        }
      }
      total += t.shape[ax];
    }
    int[] outShape = first.shape.clone();
    outShape[ax] = total;
    double[] out = new double[outer * total * inner];
    int offset = 0;
    for (RefTensor t : tensors) {
      int len = t.shape[ax];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(t.data, o * len * inner, out, (o * total + offset) * inner, len * inner);
      }
      offset += len;
    }
    return RefTensor.wrap(outShape, out);
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) along an axis. */
  public static RefTensor slice(RefTensor a, int axis, int start, int end) {
    int ax = normaliseAxis(axis, a.rank());
    if (start < 0 || end < start || end > a.shape[ax]) {
      throw new IllegalArgumentException("slice range");
    }
    int outer = prod(a.shape, 0, ax);
    int inner = prod(a.shape, ax + 1, a.rank());
    int len = a.shape[ax];
    int outLen = end - start;
    int[] outShape = a.shape.clone();
    outShape[ax] = outLen;
    double[] out = new double[outer * outLen * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(a.data, (o * len + start) * inner, out, o * outLen * inner, outLen * inner);
    }
    return RefTensor.wrap(outShape, out);
  }

  /** numpy {@code take}: output shape {@code a[:axis] + indices.shape + a[axis+1:]}. */
  public static RefTensor gather(RefTensor a, int axis, RefTensor indices) {
    int ax = normaliseAxis(axis, a.rank());
    int outer = prod(a.shape, 0, ax);
    int inner = prod(a.shape, ax + 1, a.rank());
    int len = a.shape[ax];
    int[] idx = indices.toInts();
    for (int i : idx) {
      if (i < 0 || i >= len) {
        throw new IllegalArgumentException("gather index " + i + " outside [0, " + len + ")");
      }
    }
    int[] outShape = new int[a.rank() - 1 + indices.rank()];
    System.arraycopy(a.shape, 0, outShape, 0, ax);
    System.arraycopy(indices.shape, 0, outShape, ax, indices.rank());
    System.arraycopy(a.shape, ax + 1, outShape, ax + indices.rank(), a.rank() - ax - 1);
    double[] out = new double[outer * idx.length * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < idx.length; j++) {
        System.arraycopy(a.data, (o * len + idx[j]) * inner, out, (o * idx.length + j) * inner,
            inner);
      }
    }
    return RefTensor.wrap(outShape, out);
  }

  // ---------------------------------------------------------------- nn

  /** {@code x[..., in] @ weight[out, in]^T + bias[out]}. */
  public static RefTensor linear(RefTensor x, RefTensor weight, @Nullable RefTensor bias) {
    int in = x.dim(-1);
    int outF = weight.shape[0];
    if (weight.shape[1] != in) {
      throw new IllegalArgumentException("linear shapes");
    }
    int rows = RefTensor.size(Arrays.copyOf(x.shape, x.rank() - 1));
    int[] outShape = x.shape.clone();
    outShape[outShape.length - 1] = outF;
    double[] out = new double[rows * outF];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < outF; o++) {
        double s = bias == null ? 0 : bias.data[o];
        for (int i = 0; i < in; i++) {
          s += x.data[r * in + i] * weight.data[o * in + i];
        }
        out[r * outF + o] = s;
      }
    }
    return RefTensor.wrap(outShape, out);
  }

  /** Layer norm over the last axis with the biased variance (PyTorch). */
  public static RefTensor layerNorm(RefTensor x, RefTensor gamma, RefTensor beta, double eps) {
    int c = x.dim(-1);
    int rows = x.size() / c;
    double[] out = new double[x.size()];
    for (int r = 0; r < rows; r++) {
      double mean = 0;
      for (int i = 0; i < c; i++) {
        mean += x.data[r * c + i];
      }
      mean /= c;
      double var = 0;
      for (int i = 0; i < c; i++) {
        double d = x.data[r * c + i] - mean;
        var += d * d;
      }
      var /= c;
      double inv = 1.0 / Math.sqrt(var + eps);
      for (int i = 0; i < c; i++) {
        out[r * c + i] = (x.data[r * c + i] - mean) * inv * gamma.data[i] + beta.data[i];
      }
    }
    return RefTensor.wrap(x.shape.clone(), out);
  }

  public static RefTensor softmax(RefTensor x, int axis) {
    return normalise(x, axis, false);
  }

  public static RefTensor logSoftmax(RefTensor x, int axis) {
    return normalise(x, axis, true);
  }

  /**
   * {@code softmax(q k^T / sqrt(D)) v} on {@code q[B,H,Tq,D]}, {@code k[B,H,Tk,D]}, {@code
   * v[B,H,Tk,Dv]}; with {@code causal} query i sees keys 0..i.
   */
  public static RefTensor attention(RefTensor q, RefTensor k, RefTensor v, boolean causal) {
    int bs = q.shape[0];
    int h = q.shape[1];
    int tq = q.shape[2];
    int d = q.shape[3];
    int tk = k.shape[2];
    int dv = v.shape[3];
    double scale = 1.0 / Math.sqrt(d);
    double[] out = new double[bs * h * tq * dv];
    double[] scores = new double[tk];
    for (int b = 0; b < bs; b++) {
      for (int hh = 0; hh < h; hh++) {
        int bh = b * h + hh;
        for (int i = 0; i < tq; i++) {
          int visible = causal ? Math.min(i + 1, tk) : tk;
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < visible; j++) {
            double s = 0;
            for (int p = 0; p < d; p++) {
              s += q.data[(bh * tq + i) * d + p] * k.data[(bh * tk + j) * d + p];
            }
            scores[j] = s * scale;
            max = Math.max(max, scores[j]);
          }
          double z = 0;
          for (int j = 0; j < visible; j++) {
            scores[j] = Math.exp(scores[j] - max);
            z += scores[j];
          }
          for (int e = 0; e < dv; e++) {
            double s = 0;
            for (int j = 0; j < visible; j++) {
              s += scores[j] / z * v.data[(bh * tk + j) * dv + e];
            }
            out[(bh * tq + i) * dv + e] = s;
          }
        }
      }
    }
    return RefTensor.wrap(new int[] {bs, h, tq, dv}, out);
  }

  /** NCHW convolution with weight {@code [Cout, Cin, kh, kw]}, zero padding on every side. */
  public static RefTensor conv2d(
      RefTensor x, RefTensor weight, @Nullable RefTensor bias, int stride, int padding) {
    int n = x.shape[0];
    int cin = x.shape[1];
    int hIn = x.shape[2];
    int wIn = x.shape[3];
    int cout = weight.shape[0];
    int kh = weight.shape[2];
    int kw = weight.shape[3];
    int hOut = (hIn + 2 * padding - kh) / stride + 1;
    int wOut = (wIn + 2 * padding - kw) / stride + 1;
    double[] out = new double[n * cout * hOut * wOut];
    for (int b = 0; b < n; b++) {
      for (int co = 0; co < cout; co++) {
        for (int oy = 0; oy < hOut; oy++) {
          for (int ox = 0; ox < wOut; ox++) {
            double s = bias == null ? 0 : bias.data[co];
            for (int ci = 0; ci < cin; ci++) {
              for (int ky = 0; ky < kh; ky++) {
                int iy = oy * stride - padding + ky;
                if (iy < 0 || iy >= hIn) {
                  continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                  int ix = ox * stride - padding + kx;
                  if (ix < 0 || ix >= wIn) {
                    continue;
                  }
                  s += x.data[((b * cin + ci) * hIn + iy) * wIn + ix]
                      * weight.data[((co * cin + ci) * kh + ky) * kw + kx];
                }
              }
            }
            out[((b * cout + co) * hOut + oy) * wOut + ox] = s;
          }
        }
      }
    }
    return RefTensor.wrap(new int[] {n, cout, hOut, wOut}, out);
  }

  /**
   * PyTorch {@code conv_transpose2d} (output_padding 0, dilation 1, groups 1) with weight {@code
   * [Cin, Cout, kh, kw]}: every input pixel scatters {@code x * weight} into the output at {@code
   * i*stride - padding + k}; the output size is {@code (H-1)*stride - 2*padding + kh}.
   */
  public static RefTensor convTranspose2d(
      RefTensor x, RefTensor weight, @Nullable RefTensor bias, int stride, int padding) {
    int n = x.shape[0];
    int cin = x.shape[1];
    int hIn = x.shape[2];
    int wIn = x.shape[3];
    int cout = weight.shape[1];
    int kh = weight.shape[2];
    int kw = weight.shape[3];
    int hOut = (hIn - 1) * stride - 2 * padding + kh;
    int wOut = (wIn - 1) * stride - 2 * padding + kw;
    double[] out = new double[n * cout * hOut * wOut];
    for (int b = 0; b < n; b++) {
      for (int co = 0; co < cout; co++) {
        double bv = bias == null ? 0 : bias.data[co];
        for (int i = 0; i < hOut * wOut; i++) {
          out[(b * cout + co) * hOut * wOut + i] = bv;
        }
      }
      for (int ci = 0; ci < cin; ci++) {
        for (int iy = 0; iy < hIn; iy++) {
          for (int ix = 0; ix < wIn; ix++) {
            double xv = x.data[((b * cin + ci) * hIn + iy) * wIn + ix];
            for (int co = 0; co < cout; co++) {
              for (int ky = 0; ky < kh; ky++) {
                int oy = iy * stride - padding + ky;
                if (oy < 0 || oy >= hOut) {
                  continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                  int ox = ix * stride - padding + kx;
                  if (ox < 0 || ox >= wOut) {
                    continue;
                  }
                  out[((b * cout + co) * hOut + oy) * wOut + ox] +=
                      xv * weight.data[((ci * cout + co) * kh + ky) * kw + kx];
                }
              }
            }
          }
        }
      }
    }
    return RefTensor.wrap(new int[] {n, cout, hOut, wOut}, out);
  }

  /**
   * Bilinear resize of NCHW with PyTorch's {@code align_corners=False} (no antialiasing): source
   * coordinate {@code (dst + 0.5) * in/out - 0.5}, clamped below at 0; neighbours clamped to the
   * last row/column.
   */
  public static RefTensor resizeBilinear(RefTensor x, int height, int width) {
    int n = x.shape[0];
    int c = x.shape[1];
    int hIn = x.shape[2];
    int wIn = x.shape[3];
    double[] out = new double[n * c * height * width];
    for (int nc = 0; nc < n * c; nc++) {
      for (int oy = 0; oy < height; oy++) {
        double sy = sourceIndex(oy, hIn, height);
        int y0 = (int) sy;
        int y1 = Math.min(y0 + 1, hIn - 1);
        double ly = sy - y0;
        for (int ox = 0; ox < width; ox++) {
          double sx = sourceIndex(ox, wIn, width);
          int x0 = (int) sx;
          int x1 = Math.min(x0 + 1, wIn - 1);
          double lx = sx - x0;
          int base = nc * hIn * wIn;
          double v = (1 - ly) * ((1 - lx) * x.data[base + y0 * wIn + x0] + lx * x.data[base + y0 * wIn + x1])
              + ly * ((1 - lx) * x.data[base + y1 * wIn + x0] + lx * x.data[base + y1 * wIn + x1]);
          out[(nc * height + oy) * width + ox] = v;
        }
      }
    }
    return RefTensor.wrap(new int[] {n, c, height, width}, out);
  }

  private static double sourceIndex(int dst, int inSize, int outSize) {
    double src = (dst + 0.5) * ((double) inSize / outSize) - 0.5;
    return src < 0 ? 0 : src;
  }

  /**
   * Mean over the targets that are not {@code ignoreIndex} of {@code logsumexp(logits[i]) -
   * logits[i, t_i]}; 0 when every target is ignored.
   */
  public static RefTensor crossEntropy(RefTensor logits, RefTensor targets, int ignoreIndex) {
    int n = logits.shape[0];
    int c = logits.shape[1];
    int[] t = targets.toInts();
    double total = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (t[i] == ignoreIndex) {
        continue;
      }
      if (t[i] < 0 || t[i] >= c) {
        throw new IllegalArgumentException("target " + t[i] + " outside [0, " + c + ")");
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, logits.data[i * c + j]);
      }
      double z = 0;
      for (int j = 0; j < c; j++) {
        z += Math.exp(logits.data[i * c + j] - max);
      }
      total += max + Math.log(z) - logits.data[i * c + t[i]];
      count++;
    }
    return RefTensor.scalar(count == 0 ? 0.0 : total / count);
  }

  // ---------------------------------------------------------------- random (host-seeded, spi)

  /**
   * UNIFORM as {@code RandomOps} defines it: one {@code nextDouble()} per element from the step's
   * {@link SplittableRandom}, {@code (float) (low + (high - low) * u)}, kept below {@code high}.
   */
  public static RefTensor uniform(SplittableRandom random, int[] shape, float low, float high) {
    double[] out = new double[RefTensor.size(shape)];
    for (int i = 0; i < out.length; i++) {
      float v = (float) (low + (high - low) * random.nextDouble());
      out[i] = v < high ? v : Math.nextDown(high);
    }
    return RefTensor.wrap(shape.clone(), out);
  }

  /** NORMAL as {@code RandomOps} defines it: {@code (float) (mean + std * nextGaussian())}. */
  public static RefTensor normal(SplittableRandom random, int[] shape, float mean, float std) {
    double[] out = new double[RefTensor.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (mean + std * random.nextGaussian());
    }
    return RefTensor.wrap(shape.clone(), out);
  }

  /** BERNOULLI as {@code RandomOps} defines it: 1 where {@code nextDouble() < p}. */
  public static RefTensor bernoulli(SplittableRandom random, int[] shape, float p) {
    double[] out = new double[RefTensor.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextDouble() < p ? 1.0 : 0.0;
    }
    return RefTensor.wrap(shape.clone(), out);
  }

  /**
   * DROPOUT as {@code RandomOps} defines it: element kept where {@code nextDouble() < 1 - p}, kept
   * elements scaled by {@code (float) (1 / (1 - p))}; {@code p = 0} is the identity.
   */
  public static RefTensor dropout(SplittableRandom random, RefTensor x, float p) {
    if (p == 0f) {
      return x;
    }
    float keep = 1f - p;
    float scale = 1f / keep;
    double[] out = new double[x.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextDouble() < keep ? x.data[i] * scale : 0.0;
    }
    return RefTensor.wrap(x.shape.clone(), out);
  }

  // ---------------------------------------------------------------- helpers

  /** Numpy broadcast of two shapes. */
  public static int[] broadcastShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "not broadcastable: " + Arrays.toString(a) + " " + Arrays.toString(b));
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  private static RefTensor broadcast(RefTensor a, RefTensor b, DoubleBinaryOperator f) {
    int[] outShape = broadcastShape(a.shape, b.shape);
    double[] out = new double[RefTensor.size(outShape)];
    int[] idx = new int[outShape.length];
    for (int i = 0; i < out.length; i++) {
      unravel(i, outShape, idx);
      out[i] = f.applyAsDouble(a.data[broadcastIndex(a.shape, idx)],
          b.data[broadcastIndex(b.shape, idx)]);
    }
    return RefTensor.wrap(outShape, out);
  }

  private static RefTensor map(RefTensor a, DoubleUnaryOperator f) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(a.data[i]);
    }
    return RefTensor.wrap(a.shape.clone(), out);
  }

  private enum Reduction { SUM, MEAN, MAX, ARGMAX }

  private static RefTensor reduce(RefTensor a, int axis, boolean keepDims, Reduction kind) {
    int ax = normaliseAxis(axis, a.rank());
    int outer = prod(a.shape, 0, ax);
    int inner = prod(a.shape, ax + 1, a.rank());
    int len = a.shape[ax];
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double acc = kind == Reduction.MAX || kind == Reduction.ARGMAX
            ? Double.NEGATIVE_INFINITY : 0.0;
        int arg = 0;
        for (int j = 0; j < len; j++) {
          double v = a.data[(o * len + j) * inner + i];
          switch (kind) {
            case SUM, MEAN -> acc += v;
            case MAX, ARGMAX -> {
              if (v > acc || j == 0) {
                acc = v;
                arg = j;
              }
            }
          }
        }
        out[o * inner + i] = switch (kind) {
          case SUM, MAX -> acc;
          case MEAN -> acc / len;
          case ARGMAX -> arg;
        };
      }
    }
    int[] outShape;
    if (keepDims) {
      outShape = a.shape.clone();
      outShape[ax] = 1;
    } else {
      outShape = new int[a.rank() - 1];
      for (int i = 0, j = 0; i < a.rank(); i++) {
        if (i != ax) {
          outShape[j++] = a.shape[i];
        }
      }
    }
    return RefTensor.wrap(outShape, out);
  }

  private static RefTensor normalise(RefTensor x, int axis, boolean log) {
    int ax = normaliseAxis(axis, x.rank());
    int outer = prod(x.shape, 0, ax);
    int inner = prod(x.shape, ax + 1, x.rank());
    int len = x.shape[ax];
    double[] out = new double[x.size()];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          max = Math.max(max, x.data[(o * len + j) * inner + i]);
        }
        double z = 0;
        for (int j = 0; j < len; j++) {
          z += Math.exp(x.data[(o * len + j) * inner + i] - max);
        }
        double logZ = max + Math.log(z);
        for (int j = 0; j < len; j++) {
          int at = (o * len + j) * inner + i;
          out[at] = log ? x.data[at] - logZ : Math.exp(x.data[at] - logZ);
        }
      }
    }
    return RefTensor.wrap(x.shape.clone(), out);
  }

  static int normaliseAxis(int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("axis " + axis + " for rank " + rank);
    }
    return a;
  }

  static int prod(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  static void unravel(int flat, int[] shape, int[] idx) {
    for (int i = shape.length - 1; i >= 0; i--) {
      int d = shape[i];
      idx[i] = d == 0 ? 0 : flat % d;
      flat = d == 0 ? 0 : flat / d;
    }
  }

  /** Flat index into {@code shape} of a (right-aligned) broadcast output multi-index. */
  static int broadcastIndex(int[] shape, int[] outIdx) {
    int off = outIdx.length - shape.length;
    int flat = 0;
    for (int j = 0; j < shape.length; j++) {
      int i = shape[j] == 1 ? 0 : outIdx[j + off];
      flat = flat * shape[j] + i;
    }
    return flat;
  }
}
