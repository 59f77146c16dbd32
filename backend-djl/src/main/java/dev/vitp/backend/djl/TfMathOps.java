package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import java.util.List;

/**
 * Core math kernels as TensorFlow ops (inputs already checked by {@link
 * dev.vitp.spi.backend.MathOps}). TensorFlow broadcasts like numpy, and {@code GatherV2} is numpy's
 * {@code take}, so most kernels are one op.
 */
final class TfMathOps extends dev.vitp.spi.backend.MathOps {
  private final TfScope s;

  TfMathOps(TfScope scope) {
    super(scope.backend());
    this.s = scope;
  }

  @Override
  protected Tensor binaryKernel(Op op, Tensor a, Tensor b, Shape out) {
    String name = switch (op) {
      case ADD -> "AddV2";
      case SUB -> "Sub";
      case MUL -> "Mul";
      case DIV -> "RealDiv";
      case MAXIMUM -> "Maximum";
      case MINIMUM -> "Minimum";
      default -> throw unexpected(op);
    };
    return s.run(op, () -> s.wrap(s.binary(name, s.nd(a), s.nd(b))));
  }

  @Override
  protected Tensor unaryKernel(Op op, Tensor a) {
    String name = switch (op) {
      case NEG -> "Neg";
      case ABS -> "Abs";
      case EXP -> "Exp";
      case LOG -> "Log";
      case SQRT -> "Sqrt";
      case TANH -> "Tanh";
      case SIGMOID -> "Sigmoid";
      default -> throw unexpected(op);
    };
    return s.run(op, () -> s.wrap(s.unary(name, s.nd(a))));
  }

  @Override
  protected Tensor scalarKernel(Op op, Tensor a, float scalar) {
    String name = switch (op) {
      case MUL_SCALAR -> "Mul";
      case ADD_SCALAR -> "AddV2";
      default -> throw unexpected(op);
    };
    return s.run(op, () -> s.wrap(s.binary(name, s.nd(a), s.floatScalar(scalar))));
  }

  /** {@code BatchMatMulV2} broadcasts the batch dimensions, as the contract does. */
  @Override
  protected Tensor matmulKernel(Tensor a, Tensor b, Shape out) {
    return s.run(Op.MATMUL, () -> s.wrap(s.binary("BatchMatMulV2", s.nd(a), s.nd(b))));
  }

  @Override
  protected Tensor transposeKernel(Tensor a, int[] permutation, Shape out) {
    return s.run(Op.TRANSPOSE, () -> s.wrap(s.transpose(s.nd(a), permutation)));
  }

  @Override
  protected Tensor reshapeKernel(Tensor a, Shape out) {
    return s.run(Op.RESHAPE, () -> s.wrap(s.reshape(s.nd(a), out.dims())));
  }

  @Override
  protected Tensor reduceKernel(Op op, Tensor a, int axis, boolean keepDims, Shape out) {
    String name = switch (op) {
      case SUM -> "Sum";
      case MEAN -> "Mean";
      case MAX -> "Max";
      default -> throw unexpected(op);
    };
    return s.run(op, () -> s.wrap(s.reduce(name, s.nd(a), keepDims, axis)));
  }

  @Override
  protected Tensor concatKernel(List<Tensor> tensors, int axis, Shape out) {
    return s.run(Op.CONCAT, () -> {
      NDArray[] arrays = new NDArray[tensors.size()];
      for (int i = 0; i < arrays.length; i++) {
        arrays[i] = s.nd(tensors.get(i));
      }
      // ConcatV2 wants N >= 2; one tensor is its own concatenation.
      NDArray r = arrays.length == 1 ? s.unary("Identity", arrays[0])
          : s.op("ConcatV2").inputs(arrays).input(s.intScalar(axis)).run();
      return s.wrap(r);
    });
  }

  @Override
  protected Tensor sliceKernel(Tensor a, int axis, int start, int end, Shape out) {
    return s.run(Op.SLICE, () -> {
      int[] begin = new int[out.rank()];
      int[] size = out.dims().clone();
      begin[axis] = start;
      return s.wrap(s.op("Slice").input(s.nd(a)).input(s.intVector(begin))
          .input(s.intVector(size)).run());
    });
  }

  @Override
  protected Tensor gatherKernel(Tensor a, int axis, Tensor indices, Shape out) {
    return s.run(Op.GATHER, () -> {
      NDArray index = s.nd(indices);
      checkIndexRange(s, Op.GATHER, index, a.shape().dim(axis),
          "indices along axis " + axis + " of shape " + a.shape());
      return s.wrap(s.op("GatherV2").input(s.nd(a)).input(index).input(s.intScalar(axis)).run());
    });
  }

  @Override
  protected Tensor argmaxKernel(Tensor a, int axis, Shape out) {
    return s.run(Op.ARGMAX, () -> s.wrap(s.op("ArgMax").input(s.nd(a)).input(s.intScalar(axis))
        .attr("output_type", DataType.INT32).run()));
  }

  /**
   * Fails with a USER_ERROR naming the op unless every element of an int tensor is in
   * {@code [0, size)} (TensorFlow's own error on CPU would be a backend failure, and on GPU it
   * returns zeros).
   */
  static void checkIndexRange(TfScope s, Op op, NDArray index, int size, String what) {
    long count = index.size();
    if (count == 0) {
      return;
    }
    NDArray flat = s.reshape(index, (int) count);
    int min = s.reduce("Min", flat, false, 0).toIntArray()[0];
    int max = s.reduce("Max", flat, false, 0).toIntArray()[0];
    if (min < 0 || max >= size) {
      throw VitpException.userError("Op [" + op.opName() + "] expected " + what + " in [0, " + size
          + "). Received: min=" + min + ", max=" + max);
    }
  }

  static VitpException unexpected(Op op) {
    return VitpException.internal("Backend [" + DjlTensorflowBackend.NAME + "] got op " + op
        + " in the wrong kernel");
  }
}
