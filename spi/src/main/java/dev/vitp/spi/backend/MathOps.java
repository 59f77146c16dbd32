package dev.vitp.spi.backend;

import java.util.List;

/**
 * Core math ops (Keras' {@code keras.ops}). Public methods check dtypes and shapes and compute the
 * output shape; backends implement the protected kernels, which may assume valid input.
 * Elementwise binary ops broadcast like numpy.
 */
public abstract class MathOps {
  private final OpChecks checks;

  protected MathOps(Backend backend) {
    this.checks = new OpChecks(backend);
  }

  public final Tensor add(Tensor a, Tensor b) {
    return binary(Op.ADD, a, b);
  }

  public final Tensor sub(Tensor a, Tensor b) {
    return binary(Op.SUB, a, b);
  }

  public final Tensor mul(Tensor a, Tensor b) {
    return binary(Op.MUL, a, b);
  }

  public final Tensor div(Tensor a, Tensor b) {
    return binary(Op.DIV, a, b);
  }

  /** Elementwise maximum; the gradient goes to {@code a} where {@code a >= b}. */
  public final Tensor maximum(Tensor a, Tensor b) {
    return binary(Op.MAXIMUM, a, b);
  }

  /** Elementwise minimum; the gradient goes to {@code a} where {@code a <= b}. */
  public final Tensor minimum(Tensor a, Tensor b) {
    return binary(Op.MINIMUM, a, b);
  }

  public final Tensor neg(Tensor a) {
    return unary(Op.NEG, a);
  }

  public final Tensor abs(Tensor a) {
    return unary(Op.ABS, a);
  }

  public final Tensor exp(Tensor a) {
    return unary(Op.EXP, a);
  }

  public final Tensor log(Tensor a) {
    return unary(Op.LOG, a);
  }

  public final Tensor sqrt(Tensor a) {
    return unary(Op.SQRT, a);
  }

  public final Tensor tanh(Tensor a) {
    return unary(Op.TANH, a);
  }

  public final Tensor sigmoid(Tensor a) {
    return unary(Op.SIGMOID, a);
  }

  public final Tensor square(Tensor a) {
    return mul(a, a);
  }

  public final Tensor mulScalar(Tensor a, float scalar) {
    return withScalar(Op.MUL_SCALAR, a, scalar);
  }

  public final Tensor addScalar(Tensor a, float scalar) {
    return withScalar(Op.ADD_SCALAR, a, scalar);
  }

  /**
   * Batched matrix product: {@code a[..., m, k] @ b[..., k, n] -> [..., m, n]}; leading (batch)
   * dimensions broadcast.
   */
  public final Tensor matmul(Tensor a, Tensor b) {
    checks.supported(Op.MATMUL);
    OpChecks.requireFloat(Op.MATMUL, a, b);
    Shape sa = a.shape();
    Shape sb = b.shape();
    if (sa.rank() < 2 || sb.rank() < 2 || sa.dim(-1) != sb.dim(-2)) {
      throw OpChecks.shapeError(Op.MATMUL,
          "a[..., m, k] and b[..., k, n] with rank >= 2 and matching k", "a=" + sa + ", b=" + sb);
    }
    Shape batchA = Shape.of(java.util.Arrays.copyOf(sa.dims(), sa.rank() - 2));
    Shape batchB = Shape.of(java.util.Arrays.copyOf(sb.dims(), sb.rank() - 2));
    Shape batch;
    try {
      batch = OpChecks.broadcast(Op.MATMUL, batchA, batchB);
    } catch (RuntimeException e) {
      throw OpChecks.shapeError(Op.MATMUL, "broadcast-compatible batch dimensions",
          "a=" + sa + ", b=" + sb);
    }
    int[] out = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
    out[batch.rank()] = sa.dim(-2);
    out[batch.rank() + 1] = sb.dim(-1);
    return matmulKernel(a, b, Shape.of(out));
  }

  /** Permutes axes: output axis i is input axis {@code permutation[i]}. */
  public final Tensor transpose(Tensor a, int... permutation) {
    checks.supported(Op.TRANSPOSE);
    Shape s = a.shape();
    boolean[] seen = new boolean[s.rank()];
    boolean valid = permutation.length == s.rank();
    int[] out = new int[s.rank()];
    for (int i = 0; valid && i < permutation.length; i++) {
      int p = permutation[i];
      valid = p >= 0 && p < s.rank() && !seen[p];
      if (valid) {
        seen[p] = true;
        out[i] = s.dim(p);
      }
    }
    if (!valid) {
      throw OpChecks.shapeError(Op.TRANSPOSE, "a permutation of the " + s.rank() + " axes",
          "permutation=" + OpChecks.dims(permutation) + ", shape=" + s);
    }
    return transposeKernel(a, permutation.clone(), Shape.of(out));
  }

  /** Swaps the last two axes. */
  public final Tensor transposeLast2(Tensor a) {
    int rank = a.shape().rank();
    int[] permutation = new int[rank];
    for (int i = 0; i < rank; i++) {
      permutation[i] = i;
    }
    if (rank >= 2) {
      permutation[rank - 1] = rank - 2;
      permutation[rank - 2] = rank - 1;
    }
    return transpose(a, permutation);
  }

  /** Reshapes to the given dimensions; one of them may be -1 (inferred). */
  public final Tensor reshape(Tensor a, int... dims) {
    checks.supported(Op.RESHAPE);
    long known = 1;
    int inferred = -1;
    boolean valid = true;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (dims[i] < 0) {
        valid = false;
      } else {
        known *= dims[i];
      }
    }
    int[] out = dims.clone();
    long size = a.shape().size();
    if (valid && inferred >= 0) {
      valid = known > 0 && size % known == 0;
      if (valid) {
        out[inferred] = (int) (size / known);
      }
    }
    if (!valid || Shape.of(out).size() != size) {
      throw OpChecks.shapeError(Op.RESHAPE, "dimensions with the same element count (one may be -1)",
          "shape=" + a.shape() + ", dims=" + OpChecks.dims(dims));
    }
    return reshapeKernel(a, Shape.of(out));
  }

  public final Tensor sum(Tensor a, int axis, boolean keepDims) {
    return reduce(Op.SUM, a, axis, keepDims);
  }

  public final Tensor mean(Tensor a, int axis, boolean keepDims) {
    return reduce(Op.MEAN, a, axis, keepDims);
  }

  /** Maximum along an axis; the gradient goes to the (first) maximal element. */
  public final Tensor max(Tensor a, int axis, boolean keepDims) {
    return reduce(Op.MAX, a, axis, keepDims);
  }

  /** Sum of all elements, as a scalar. */
  public final Tensor sumAll(Tensor a) {
    return sum(reshape(a, -1), 0, false);
  }

  /** Mean of all elements, as a scalar. */
  public final Tensor meanAll(Tensor a) {
    return mean(reshape(a, -1), 0, false);
  }

  /** Concatenates tensors of equal shape except along {@code axis}. */
  public final Tensor concat(List<Tensor> tensors, int axis) {
    checks.supported(Op.CONCAT);
    if (tensors.isEmpty()) {
      throw OpChecks.shapeError(Op.CONCAT, "at least one tensor", "tensors=[]");
    }
    Shape first = tensors.get(0).shape();
    int ax = OpChecks.axis(Op.CONCAT, first, axis);
    int total = 0;
    StringBuilder shapes = new StringBuilder();
    boolean valid = true;
    for (Tensor t : tensors) {
      shapes.append(shapes.length() == 0 ? "" : ", ").append(t.shape());
      OpChecks.requireFloat(Op.CONCAT, t);
      valid &= t.shape().rank() == first.rank() && t.shape().with(ax, 0).equals(first.with(ax, 0));
      total += t.shape().rank() == first.rank() ? t.shape().dim(ax) : 0;
    }
    if (!valid) {
      throw OpChecks.shapeError(Op.CONCAT, "equal shapes except along axis " + axis,
          "shapes=[" + shapes + "]");
    }
    return concatKernel(List.copyOf(tensors), ax, first.with(ax, total));
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) along an axis. */
  public final Tensor slice(Tensor a, int axis, int start, int end) {
    checks.supported(Op.SLICE);
    int ax = OpChecks.axis(Op.SLICE, a.shape(), axis);
    if (start < 0 || end < start || end > a.shape().dim(ax)) {
      throw OpChecks.shapeError(Op.SLICE, "0 <= start <= end <= " + a.shape().dim(ax),
          "start=" + start + ", end=" + end + ", axis=" + axis + ", shape=" + a.shape());
    }
    return sliceKernel(a, ax, start, end, a.shape().with(ax, end - start));
  }

  /**
   * Takes entries along an axis by int32 indices of any shape (numpy {@code take}): the output
   * shape is {@code a.shape[:axis] + indices.shape + a.shape[axis+1:]}. Embedding lookups and
   * VRL token selection use it; the gradient scatter-adds into {@code a}.
   */
  public final Tensor gather(Tensor a, int axis, Tensor indices) {
    checks.supported(Op.GATHER);
    OpChecks.requireFloat(Op.GATHER, a);
    OpChecks.requireInt(Op.GATHER, "indices", indices);
    int ax = OpChecks.axis(Op.GATHER, a.shape(), axis);
    int[] sa = a.shape().dims();
    int[] si = indices.shape().dims();
    int[] out = new int[sa.length - 1 + si.length];
    System.arraycopy(sa, 0, out, 0, ax);
    System.arraycopy(si, 0, out, ax, si.length);
    System.arraycopy(sa, ax + 1, out, ax + si.length, sa.length - ax - 1);
    return gatherKernel(a, ax, indices, Shape.of(out));
  }

  /** Index of the (first) maximum along an axis, as int32; not differentiable. */
  public final Tensor argmax(Tensor a, int axis) {
    checks.supported(Op.ARGMAX);
    OpChecks.requireFloat(Op.ARGMAX, a);
    int ax = OpChecks.axis(Op.ARGMAX, a.shape(), axis);
    return argmaxKernel(a, ax, a.shape().without(ax));
  }

  private Tensor binary(Op op, Tensor a, Tensor b) {
    checks.supported(op);
    OpChecks.requireFloat(op, a, b);
    return binaryKernel(op, a, b, OpChecks.broadcast(op, a.shape(), b.shape()));
  }

  private Tensor unary(Op op, Tensor a) {
    checks.supported(op);
    OpChecks.requireFloat(op, a);
    return unaryKernel(op, a);
  }

  private Tensor withScalar(Op op, Tensor a, float scalar) {
    checks.supported(op);
    OpChecks.requireFloat(op, a);
    return scalarKernel(op, a, scalar);
  }

  private Tensor reduce(Op op, Tensor a, int axis, boolean keepDims) {
    checks.supported(op);
    OpChecks.requireFloat(op, a);
    int ax = OpChecks.axis(op, a.shape(), axis);
    Shape out = keepDims ? a.shape().with(ax, 1) : a.shape().without(ax);
    if (op == Op.MAX && a.shape().dim(ax) == 0) {
      throw OpChecks.shapeError(op, "a non-empty axis", "axis=" + axis + ", shape=" + a.shape());
    }
    return reduceKernel(op, a, ax, keepDims, out);
  }

  /** {@code op} is one of ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM; {@code out} is the broadcast shape. */
  protected abstract Tensor binaryKernel(Op op, Tensor a, Tensor b, Shape out);

  /** {@code op} is one of NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID. */
  protected abstract Tensor unaryKernel(Op op, Tensor a);

  /** {@code op} is MUL_SCALAR or ADD_SCALAR. */
  protected abstract Tensor scalarKernel(Op op, Tensor a, float scalar);

  protected abstract Tensor matmulKernel(Tensor a, Tensor b, Shape out);

  protected abstract Tensor transposeKernel(Tensor a, int[] permutation, Shape out);

  protected abstract Tensor reshapeKernel(Tensor a, Shape out);

  /** {@code op} is SUM, MEAN or MAX; {@code axis} is normalised (non-negative). */
  protected abstract Tensor reduceKernel(Op op, Tensor a, int axis, boolean keepDims, Shape out);

  protected abstract Tensor concatKernel(List<Tensor> tensors, int axis, Shape out);

  protected abstract Tensor sliceKernel(Tensor a, int axis, int start, int end, Shape out);

  /** Indices outside {@code [0, a.shape[axis])} must fail with a USER_ERROR naming the op. */
  protected abstract Tensor gatherKernel(Tensor a, int axis, Tensor indices, Shape out);

  protected abstract Tensor argmaxKernel(Tensor a, int axis, Shape out);
}
