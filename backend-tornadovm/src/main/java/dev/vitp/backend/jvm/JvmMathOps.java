package dev.vitp.backend.jvm;

import dev.vitp.backend.jvm.Broadcast.Kind;
import dev.vitp.backend.jvm.Broadcast.Operand;
import dev.vitp.backend.jvm.kernels.Gemm;
import dev.vitp.backend.jvm.kernels.Layout;
import dev.vitp.backend.jvm.kernels.Pointwise;
import dev.vitp.backend.jvm.kernels.Reduce;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.MathOps;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Core math on the JVM kernels. Inputs are already checked by {@link MathOps}. Each op runs its
 * forward kernel on the executor and, when its output needs a gradient, records the matching
 * backward kernel call on the step's tape.
 */
final class JvmMathOps extends MathOps {
  private final StepContext c;

  JvmMathOps(StepContext context) {
    super(context.backend);
    this.c = context;
  }

  // ------------------------------------------------------------------------------ element-wise

  @Override
  protected Tensor binaryKernel(Op op, Tensor a, Tensor b, Shape out) {
    String name = op.opName();
    JvmTensor ta = c.in(name, a);
    JvmTensor tb = c.in(name, b);
    Broadcast.Plan plan = Broadcast.plan(ta.shape, tb.shape, out);
    int rows = plan.rows();
    int cols = plan.cols();
    float[] av = expanded(ta.f, plan.a(), rows * cols);
    float[] bv = expanded(tb.f, plan.b(), rows * cols);
    Operand pa = plan.a();
    Operand pb = plan.b();
    int code = switch (op) {
      case ADD -> Pointwise.ADD;
      case SUB -> Pointwise.SUB;
      case MUL -> Pointwise.MUL;
      case DIV -> Pointwise.DIV;
      case MAXIMUM -> Pointwise.MAXIMUM;
      case MINIMUM -> Pointwise.MINIMUM;
      default -> throw unexpected(op);
    };
    float[] y = c.alloc(out.elementCount());
    c.exec.parallelFor(rows, cols, (lo, hi) -> Pointwise.binary(lo, hi, code, av,
        pa.rowStride(), pa.colStride(), bv, pb.rowStride(), pb.colStride(), y, cols));
    JvmTensor r = c.result(out, y, ta, tb);
    c.record(r, g -> {
      float[] ga = c.gradOf(ta);
      if (ga != null) {
        int gradCode = switch (op) {
          case ADD, SUB -> Pointwise.G_COPY;
          case MUL -> Pointwise.G_MUL;
          case DIV -> Pointwise.G_DIV_A;
          case MAXIMUM -> Pointwise.G_MAX_A;
          default -> Pointwise.G_MIN_A;
        };
        binaryGrad(gradCode, g, av, pa, bv, pb, rows, cols, ga);
      }
      float[] gb = c.gradOf(tb);
      if (gb != null) {
        int gradCode = switch (op) {
          case ADD -> Pointwise.G_COPY;
          case SUB -> Pointwise.G_NEG;
          case MUL -> Pointwise.G_MUL;
          case DIV -> Pointwise.G_DIV_B;
          case MAXIMUM -> Pointwise.G_MAX_B;
          default -> Pointwise.G_MIN_B;
        };
        binaryGrad(gradCode, g, bv, pb, av, pa, rows, cols, gb);
      }
    });
    return r;
  }

  /** The operand as read by the kernels: itself, or expanded to the output's shape. */
  private float[] expanded(float[] values, Operand operand, int size) {
    if (operand.kind() != Kind.GENERAL) {
      return values;
    }
    float[] e = c.alloc(size);
    int[] index = operand.index();
    c.exec.parallelFor(Pointwise.blocks(size), Pointwise.BLOCK,
        (lo, hi) -> Pointwise.expand(lo, hi, values, index, e, size));
    return e;
  }

  /** Adds the gradient of operand x (read through {@code px}) into {@code gx}. */
  private void binaryGrad(int code, float[] g, float[] x, Operand px, float[] y, Operand py,
      int rows, int cols, float[] gx) {
    if (px.kind() == Kind.SAME) {
      c.exec.parallelFor(rows, cols, (lo, hi) -> Pointwise.binaryGrad(lo, hi, code, g, x,
          px.rowStride(), px.colStride(), y, py.rowStride(), py.colStride(), gx, cols));
      return;
    }
    int size = rows * cols;
    float[] full;
    if (code == Pointwise.G_COPY) {
      full = g;
    } else {
      float[] t = c.zeros(size);
      c.exec.parallelFor(rows, cols, (lo, hi) -> Pointwise.binaryGrad(lo, hi, code, g, x,
          px.rowStride(), px.colStride(), y, py.rowStride(), py.colStride(), t, cols));
      full = t;
    }
    switch (px.kind()) {
      case SCALAR -> gx[0] += Reduce.sum(full, 0, size);
      case REPEAT -> c.exec.parallelFor(Pointwise.blocks(cols), (long) rows * Pointwise.BLOCK,
          (lo, hi) -> Pointwise.sumRowsInto(lo, hi, full, rows, cols, gx));
      case BLOCK -> c.exec.parallelFor(rows, cols,
          (lo, hi) -> Pointwise.sumColsInto(lo, hi, full, cols, gx));
      default -> Pointwise.scatterAdd(full, px.index(), gx, size);
    }
  }

  @Override
  protected Tensor unaryKernel(Op op, Tensor a) {
    int code = switch (op) {
      case NEG -> Pointwise.NEG;
      case ABS -> Pointwise.ABS;
      case EXP -> Pointwise.EXP;
      case LOG -> Pointwise.LOG;
      case SQRT -> Pointwise.SQRT;
      case TANH -> Pointwise.TANH;
      case SIGMOID -> Pointwise.SIGMOID;
      default -> throw unexpected(op);
    };
    return pointwise(c, op, code, 0f, a);
  }

  @Override
  protected Tensor scalarKernel(Op op, Tensor a, float scalar) {
    int code = switch (op) {
      case MUL_SCALAR -> Pointwise.MUL_SCALAR;
      case ADD_SCALAR -> Pointwise.ADD_SCALAR;
      default -> throw unexpected(op);
    };
    return pointwise(c, op, code, scalar, a);
  }

  /** A unary element-wise op and its backward (shared with the activations of NnOps). */
  static Tensor pointwise(StepContext c, Op op, int code, float scalar, Tensor a) {
    JvmTensor x = c.in(op.opName(), a);
    int n = x.size;
    float[] y = c.alloc(n);
    float[] xv = x.f;
    if (code == Pointwise.GELU) {
      c.exec.parallelFor(Pointwise.blocks(n), 40L * Pointwise.BLOCK, (lo, hi) ->
          Pointwise.geluForward(lo, hi, xv, y, n, new float[Pointwise.GELU_SCRATCH]));
    } else {
      c.exec.parallelFor(Pointwise.blocks(n), Pointwise.BLOCK,
          (lo, hi) -> Pointwise.unary(lo, hi, code, scalar, xv, y, n));
    }
    JvmTensor r = c.result(x.shape, y, x);
    c.record(r, g -> {
      float[] gx = c.gradOf(x);
      if (gx == null) {
        return;
      }
      if (code == Pointwise.GELU) {
        c.exec.parallelFor(Pointwise.blocks(n), 60L * Pointwise.BLOCK, (lo, hi) ->
            Pointwise.geluBackward(lo, hi, xv, g, gx, n, new float[Pointwise.GELU_SCRATCH]));
      } else {
        c.exec.parallelFor(Pointwise.blocks(n), Pointwise.BLOCK,
            (lo, hi) -> Pointwise.unaryBackward(lo, hi, code, scalar, xv, y, g, gx, n));
      }
    });
    return r;
  }

  // ----------------------------------------------------------------------------------- matmul

  @Override
  protected Tensor matmulKernel(Tensor a, Tensor b, Shape out) {
    JvmTensor ta = c.in("matmul", a);
    JvmTensor tb = c.in("matmul", b);
    int rank = out.rank();
    int m = out.dim(-2);
    int n = out.dim(-1);
    int k = ta.shape.dim(-1);
    int[] batch = Arrays.copyOf(out.dims(), rank - 2);
    int[] aIndex = Broadcast.indexMap(Arrays.copyOf(ta.shape.dims(), ta.shape.rank() - 2), batch);
    int[] bIndex = Broadcast.indexMap(Arrays.copyOf(tb.shape.dims(), tb.shape.rank() - 2), batch);
    int batches = aIndex.length;
    float[] y = c.alloc(out.elementCount());
    for (int i = 0; i < batches; i++) {
      c.gemm(false, false, m, n, k, ta.f, aIndex[i] * m * k, tb.f, bIndex[i] * k * n,
          y, i * m * n, false);
    }
    JvmTensor r = c.result(out, y, ta, tb);
    c.record(r, g -> {
      float[] ga = c.gradOf(ta);
      if (ga != null) {
        for (int i = 0; i < batches; i++) {
          // dA += dC · Bᵀ
          c.gemm(false, true, m, k, n, g, i * m * n, tb.f, bIndex[i] * k * n, ga,
              aIndex[i] * m * k, true);
        }
      }
      float[] gb = c.gradOf(tb);
      if (gb != null) {
        for (int i = 0; i < batches; i++) {
          // dB += Aᵀ · dC
          c.gemm(true, false, k, n, m, ta.f, aIndex[i] * m * k, g, i * m * n, gb,
              bIndex[i] * k * n, true);
        }
      }
    });
    return r;
  }

  // ----------------------------------------------------------------------------------- layout

  @Override
  protected Tensor transposeKernel(Tensor a, int[] permutation, Shape out) {
    JvmTensor x = c.in("transpose", a);
    int rank = out.rank();
    float[] y = c.alloc(out.elementCount());
    if (rank == 0 || y.length == 0) {
      System.arraycopy(x.f, 0, y, 0, y.length);
      JvmTensor r = c.result(out, y, x);
      c.record(r, g -> {
        float[] gx = c.gradOf(x);
        if (gx != null) {
          Layout.add(g, 0, gx, 0, g.length);
        }
      });
      return r;
    }
    int[] in = x.shape.dims();
    int[] inStride = new int[rank];
    for (int i = rank - 1, s = 1; i >= 0; i--) {
      inStride[i] = s;
      s *= in[i];
    }
    int[] stride = new int[rank];
    for (int i = 0; i < rank; i++) {
      stride[i] = inStride[permutation[i]];
    }
    int[] dims = out.dims();
    int last = dims[rank - 1];
    int rows = y.length / last;
    float[] xv = x.f;
    c.exec.parallelFor(rows, last, (lo, hi) -> Layout.permute(lo, hi, xv, dims, stride, y));
    JvmTensor r = c.result(out, y, x);
    c.record(r, g -> {
      float[] gx = c.gradOf(x);
      if (gx != null) {
        c.exec.parallelFor(rows, last,
            (lo, hi) -> Layout.permuteBackward(lo, hi, g, dims, stride, gx));
      }
    });
    return r;
  }

  @Override
  protected Tensor reshapeKernel(Tensor a, Shape out) {
    return c.in("reshape", a).view(out);
  }

  @Override
  protected Tensor concatKernel(List<Tensor> tensors, int axis, Shape out) {
    JvmTensor[] ts = new JvmTensor[tensors.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = c.in("concat", tensors.get(i));
    }
    int[] dims = out.dims();
    int outer = product(dims, 0, axis);
    int inner = product(dims, axis + 1, dims.length);
    int rowWidth = dims[axis] * inner;
    float[] y = c.alloc(out.elementCount());
    int[] offsets = new int[ts.length];
    int offset = 0;
    for (int i = 0; i < ts.length; i++) {
      offsets[i] = offset;
      int width = ts[i].shape.dim(axis) * inner;
      float[] src = ts[i].f;
      int dstOff = offset;
      c.exec.parallelFor(outer, width,
          (lo, hi) -> Layout.copyRows(lo, hi, src, 0, width, y, dstOff, rowWidth, width));
      offset += width;
    }
    JvmTensor r = c.result(out, y, ts);
    c.record(r, g -> {
      for (int i = 0; i < ts.length; i++) {
        float[] gi = c.gradOf(ts[i]);
        if (gi != null) {
          int width = ts[i].shape.dim(axis) * inner;
          int srcOff = offsets[i];
          c.exec.parallelFor(outer, width,
              (lo, hi) -> Layout.addRows(lo, hi, g, srcOff, rowWidth, gi, 0, width, width));
        }
      }
    });
    return r;
  }

  @Override
  protected Tensor sliceKernel(Tensor a, int axis, int start, int end, Shape out) {
    JvmTensor x = c.in("slice", a);
    int[] dims = x.shape.dims();
    int outer = product(dims, 0, axis);
    int inner = product(dims, axis + 1, dims.length);
    int srcWidth = dims[axis] * inner;
    int width = (end - start) * inner;
    int srcOff = start * inner;
    float[] y = c.alloc(out.elementCount());
    float[] xv = x.f;
    c.exec.parallelFor(outer, width,
        (lo, hi) -> Layout.copyRows(lo, hi, xv, srcOff, srcWidth, y, 0, width, width));
    JvmTensor r = c.result(out, y, x);
    c.record(r, g -> {
      float[] gx = c.gradOf(x);
      if (gx != null) {
        c.exec.parallelFor(outer, width,
            (lo, hi) -> Layout.addRows(lo, hi, g, 0, width, gx, srcOff, srcWidth, width));
      }
    });
    return r;
  }

  @Override
  protected Tensor gatherKernel(Tensor a, int axis, Tensor indices, Shape out) {
    JvmTensor x = c.in("gather", a);
    JvmTensor idx = c.in("gather", indices);
    int[] dims = x.shape.dims();
    int d = dims[axis];
    int count = idx.size;
    int[] index = idx.i;
    checkRange(Op.GATHER, index, count, d, "indices along axis " + axis + " of shape "
        + x.shape);
    int outer = product(dims, 0, axis);
    int inner = product(dims, axis + 1, dims.length);
    float[] y = c.alloc(out.elementCount());
    float[] xv = x.f;
    c.exec.parallelFor(outer * count, inner,
        (lo, hi) -> Layout.gather(lo, hi, xv, d, inner, index, count, y));
    JvmTensor r = c.result(out, y, x);
    c.record(r, g -> {
      float[] gx = c.gradOf(x);
      if (gx != null) {
        int blocks = (inner + Layout.GATHER_COLUMNS - 1) / Layout.GATHER_COLUMNS;
        c.exec.parallelFor(outer * blocks, (long) count * Layout.GATHER_COLUMNS,
            (lo, hi) -> Layout.gatherBackward(lo, hi, g, d, inner, index, count, gx));
      }
    });
    return r;
  }

  /** Fails with a USER_ERROR naming the op unless every index is in {@code [0, size)}. */
  static void checkRange(Op op, int[] index, int count, int size, String what) {
    if (count == 0) {
      return;
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, index[i]);
      max = Math.max(max, index[i]);
    }
    if (min < 0 || max >= size) {
      throw VitpException.userError("Op [" + op.opName() + "] expected " + what + " in [0, " + size
          + "). Received: min=" + min + ", max=" + max);
    }
  }

  // ------------------------------------------------------------------------------- reductions

  @Override
  protected Tensor reduceKernel(Op op, Tensor a, int axis, boolean keepDims, Shape out) {
    JvmTensor x = c.in(op.opName(), a);
    int code = switch (op) {
      case SUM -> Reduce.SUM;
      case MEAN -> Reduce.MEAN;
      case MAX -> Reduce.MAX;
      default -> throw unexpected(op);
    };
    int[] dims = x.shape.dims();
    int outer = product(dims, 0, axis);
    int len = dims[axis];
    int inner = product(dims, axis + 1, dims.length);
    float[] y = c.alloc(outer * inner);
    int[] arg = op == Op.MAX ? new int[outer * inner] : JvmTensor.NO_INTS;
    float[] xv = x.f;
    c.exec.parallelFor(outer, (long) len * inner,
        (lo, hi) -> Reduce.forward(lo, hi, code, xv, len, inner, y, arg));
    JvmTensor r = c.result(out, y, x);
    c.record(r, g -> {
      float[] gx = c.gradOf(x);
      if (gx != null) {
        c.exec.parallelFor(outer, (long) len * inner,
            (lo, hi) -> Reduce.backward(lo, hi, code, g, len, inner, arg, gx));
      }
    });
    return r;
  }

  @Override
  protected Tensor argmaxKernel(Tensor a, int axis, Shape out) {
    JvmTensor x = c.in("argmax", a);
    int[] dims = x.shape.dims();
    int outer = product(dims, 0, axis);
    int len = dims[axis];
    int inner = product(dims, axis + 1, dims.length);
    int[] y = new int[outer * inner];
    float[] xv = x.f;
    c.exec.parallelFor(outer, (long) len * inner,
        (lo, hi) -> Reduce.argmax(lo, hi, xv, len, inner, y));
    return c.ints(out, y);
  }

  static int product(int[] dims, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= dims[i];
    }
    return p;
  }

  static VitpException unexpected(Op op) {
    return VitpException.internal("Backend [" + JvmBackend.NAME + "] got op " + op
        + " in the wrong kernel");
  }
}
