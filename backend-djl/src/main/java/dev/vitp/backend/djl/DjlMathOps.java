package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import java.util.List;

/**
 * Core math kernels on PyTorch. Inputs are already checked by {@link dev.vitp.spi.backend.MathOps};
 * PyTorch broadcasts like numpy and its autograd reduces broadcast gradients back to each input's
 * shape. Every result and temporary is attached to the step's manager.
 */
final class DjlMathOps extends dev.vitp.spi.backend.MathOps {
  private final StepScope s;

  DjlMathOps(StepScope scope) {
    super(scope.backend());
    this.s = scope;
  }

  @Override
  protected Tensor binaryKernel(Op op, Tensor a, Tensor b, Shape out) {
    return s.run(op, () -> {
      PtNDArray x = s.nd(a);
      PtNDArray y = s.nd(b);
      PtNDArray r = switch (op) {
        case ADD -> JniUtils.add(x, y);
        case SUB -> JniUtils.sub(x, y);
        case MUL -> JniUtils.mul(x, y);
        case DIV -> JniUtils.div(x, y);
        // where() rather than torch.maximum/minimum: those split the gradient of ties in half,
        // the contract gives it all to a.
        case MAXIMUM -> JniUtils.where(s.own(JniUtils.gte(x, y)), x, y);
        case MINIMUM -> JniUtils.where(s.own(JniUtils.lte(x, y)), x, y);
        default -> throw unexpected(op);
      };
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor unaryKernel(Op op, Tensor a) {
    return s.run(op, () -> {
      PtNDArray x = s.nd(a);
      PtNDArray r = switch (op) {
        case NEG -> JniUtils.neg(x);
        case ABS -> JniUtils.abs(x);
        case EXP -> JniUtils.exp(x);
        case LOG -> JniUtils.log(x);
        case SQRT -> JniUtils.sqrt(x);
        case TANH -> JniUtils.tanh(x);
        case SIGMOID -> JniUtils.sigmoid(x);
        default -> throw unexpected(op);
      };
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor scalarKernel(Op op, Tensor a, float scalar) {
    return s.run(op, () -> {
      PtNDArray x = s.nd(a);
      PtNDArray c = s.floatScalar(scalar);
      PtNDArray r = switch (op) {
        case MUL_SCALAR -> JniUtils.mul(x, c);
        case ADD_SCALAR -> JniUtils.add(x, c);
        default -> throw unexpected(op);
      };
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor matmulKernel(Tensor a, Tensor b, Shape out) {
    return s.run(Op.MATMUL, () -> s.wrap(JniUtils.matmul(s.nd(a), s.nd(b))));
  }

  @Override
  protected Tensor transposeKernel(Tensor a, int[] permutation, Shape out) {
    return s.run(Op.TRANSPOSE, () -> s.wrap(JniUtils.permute(s.nd(a), toLongs(permutation))));
  }

  @Override
  protected Tensor reshapeKernel(Tensor a, Shape out) {
    return s.run(Op.RESHAPE, () -> s.wrap(JniUtils.reshape(s.nd(a), DjlTensor.longs(out))));
  }

  @Override
  protected Tensor reduceKernel(Op op, Tensor a, int axis, boolean keepDims, Shape out) {
    return s.run(op, () -> {
      PtNDArray x = s.nd(a);
      PtNDArray r = switch (op) {
        case SUM -> JniUtils.sum(x, new long[] {axis}, keepDims);
        case MEAN -> JniUtils.mean(x, axis, keepDims);
        case MAX -> maxAlong(x, axis, keepDims);
        default -> throw unexpected(op);
      };
      return s.wrap(r);
    });
  }

  /**
   * Max along an axis as a gather at the argmax, so that the gradient goes to the first maximal
   * element only (torch.amax would share it between ties).
   */
  private PtNDArray maxAlong(PtNDArray x, int axis, boolean keepDims) {
    PtNDArray index = s.own(JniUtils.argMax(x, axis, true));
    PtNDArray values = s.own(JniUtils.gather(x, index, axis));
    return keepDims ? values : JniUtils.squeeze(values, axis);
  }

  @Override
  protected Tensor concatKernel(List<Tensor> tensors, int axis, Shape out) {
    return s.run(Op.CONCAT, () -> {
      PtNDArray[] arrays = new PtNDArray[tensors.size()];
      for (int i = 0; i < arrays.length; i++) {
        arrays[i] = s.nd(tensors.get(i));
      }
      return s.wrap(JniUtils.cat(arrays, axis));
    });
  }

  @Override
  protected Tensor sliceKernel(Tensor a, int axis, int start, int end, Shape out) {
    return s.run(Op.SLICE, () -> s.wrap(JniUtils.slice(s.nd(a), axis, start, end, 1)));
  }

  @Override
  protected Tensor gatherKernel(Tensor a, int axis, Tensor indices, Shape out) {
    return s.run(Op.GATHER, () -> {
      PtNDArray x = s.nd(a);
      PtNDArray idx = s.nd(indices);
      int[] dims = a.shape().dims();
      int size = dims[axis];
      checkIndexRange(s, Op.GATHER, idx, size, "indices along axis " + axis + " of shape "
          + a.shape());
      PtNDArray idx64 = s.own(JniUtils.to(idx, DataType.INT64, Device.cpu()));
      // numpy take = embedding lookup on a 2-D table whose rows are the entries along axis:
      // move axis to the front, flatten the rest, look up, then restore the layout.
      // The embedding backward scatter-adds into the table, hence into a.
      long rest = 1;
      long[] front = new long[dims.length];
      front[0] = axis;
      for (int i = 0, j = 1; i < dims.length; i++) {
        if (i != axis) {
          front[j++] = i;
          rest *= dims[i];
        }
      }
      PtNDArray table = axis == 0 ? x : s.own(JniUtils.permute(x, front));
      table = s.own(JniUtils.reshape(table, new long[] {size, rest}));
      PtNDArray looked = s.own(JniUtils.embedding(idx64, table, false));
      int[] idxDims = indices.shape().dims();
      // looked: [idx..., rest] -> [idx..., pre..., post...] -> [pre..., idx..., post...]
      long[] split = new long[idxDims.length + dims.length - 1];
      for (int i = 0; i < idxDims.length; i++) {
        split[i] = idxDims[i];
      }
      for (int i = 0, j = idxDims.length; i < dims.length; i++) {
        if (i != axis) {
          split[j++] = dims[i];
        }
      }
      PtNDArray r = s.own(JniUtils.reshape(looked, split));
      if (axis > 0) {
        long[] perm = new long[split.length];
        int k = 0;
        for (int i = 0; i < axis; i++) {
          perm[k++] = idxDims.length + i;
        }
        for (int i = 0; i < idxDims.length; i++) {
          perm[k++] = i;
        }
        for (int i = idxDims.length + axis; i < split.length; i++) {
          perm[k++] = i;
        }
        r = JniUtils.permute(r, perm);
      }
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor argmaxKernel(Tensor a, int axis, Shape out) {
    return s.run(Op.ARGMAX, () -> {
      PtNDArray index = s.own(JniUtils.argMax(s.nd(a), axis, false));
      return s.wrap(JniUtils.to(index, DataType.INT32, Device.cpu()));
    });
  }

  /**
   * Fails with a USER_ERROR naming the op unless every element of an int tensor is in
   * {@code [0, size)}; the bounds are found with min/max reductions on the backend.
   */
  static void checkIndexRange(StepScope s, Op op, PtNDArray index, int size, String what) {
    if (index.size() == 0) {
      return;
    }
    long min = HostCopies.firstLong(s.own(JniUtils.min(index)));
    long max = HostCopies.firstLong(s.own(JniUtils.max(index)));
    if (min < 0 || max >= size) {
      throw VitpException.userError("Op [" + op.opName() + "] expected " + what + " in [0, " + size
          + "). Received: min=" + min + ", max=" + max);
    }
  }

  static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  static VitpException unexpected(Op op) {
    return VitpException.internal("Backend [" + DjlPytorchBackend.NAME + "] got op " + op
        + " in the wrong kernel");
  }
}
