package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import java.util.Arrays;
import java.util.Map;

/** Argument checks and shape inference shared by the op groups (one place, every backend). */
final class OpChecks {
  private final Backend backend;
  private final Map<Op, String> unsupported;

  OpChecks(Backend backend) {
    this.backend = backend;
    this.unsupported = Map.copyOf(backend.unsupportedOps());
  }

  /** Fails with UNSUPPORTED, naming op, backend and reason, if the backend declared the op out. */
  void supported(Op op) {
    String reason = unsupported.get(op);
    if (reason != null) {
      throw VitpException.unsupported(
          "Op [" + op.opName() + "] is not supported by backend [" + backend.name() + "]: " + reason);
    }
  }

  /**
   * Like {@link #supported(Op)}, for ops written in the spi itself (tensor and random ops), which
   * have no per-backend checks object.
   */
  static void supported(Backend backend, Op op) {
    String reason = backend.unsupportedOps().get(op);
    if (reason != null) {
      throw VitpException.unsupported(
          "Op [" + op.opName() + "] is not supported by backend [" + backend.name() + "]: " + reason);
    }
  }

  static VitpException shapeError(Op op, String expected, String received) {
    return VitpException.userError(
        "Op [" + op.opName() + "] expected " + expected + ". Received: " + received);
  }

  static void requireFloat(Op op, Tensor... tensors) {
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i].dtype() != DType.FLOAT32) {
        throw shapeError(op, "float32 inputs",
            "input" + i + ".dtype=" + tensors[i].dtype() + ", input" + i + ".shape="
                + tensors[i].shape());
      }
    }
  }

  static void requireInt(Op op, String name, Tensor tensor) {
    if (tensor.dtype() != DType.INT32) {
      throw shapeError(op, name + " of dtype int32",
          name + ".dtype=" + tensor.dtype() + ", " + name + ".shape=" + tensor.shape());
    }
  }

  static void requireRank(Op op, String name, Tensor tensor, int rank) {
    if (tensor.shape().rank() != rank) {
      throw shapeError(op, name + " of rank " + rank, name + "=" + tensor.shape());
    }
  }

  /** Numpy broadcasting of two shapes. */
  static Shape broadcast(Op op, Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
      int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
      if (da != db && da != 1 && db != 1) {
        throw shapeError(op, "broadcast-compatible shapes", "a=" + a + ", b=" + b);
      }
      out[i] = da == 1 ? db : da;
    }
    return Shape.of(out);
  }

  /** Normalises an axis, failing with the op's name. */
  static int axis(Op op, Shape shape, int axis) {
    int normalised = axis < 0 ? axis + shape.rank() : axis;
    if (normalised < 0 || normalised >= shape.rank()) {
      throw shapeError(op, "an axis in [" + (-shape.rank()) + ", " + shape.rank() + ")",
          "axis=" + axis + ", shape=" + shape);
    }
    return normalised;
  }

  static String dims(int... values) {
    return Arrays.toString(values);
  }
}
