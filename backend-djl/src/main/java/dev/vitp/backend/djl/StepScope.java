package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Tensor;
import java.util.function.Supplier;

/**
 * What a step's kernels share: the step's DJL sub-manager (every tensor made in the step is
 * attached to it and freed when it closes), tensor unwrapping with clear errors, and the wrapper
 * that turns DJL failures into vitp errors naming the op.
 */
final class StepScope {
  private final DjlPytorchBackend backend;
  private final DjlSession session;
  private final PtNDManager manager;
  private boolean closed;
  private String currentOp = "step";

  StepScope(DjlPytorchBackend backend, DjlSession session, PtNDManager manager) {
    this.backend = backend;
    this.session = session;
    this.manager = manager;
  }

  DjlPytorchBackend backend() {
    return backend;
  }

  DjlSession session() {
    return session;
  }

  PtNDManager manager() {
    return manager;
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  <T> T run(Op op, Supplier<T> body) {
    return run(op.opName(), body);
  }

  /** Runs a kernel; DJL and native failures become BACKEND_FAILURE errors naming the op. */
  <T> T run(String op, Supplier<T> body) {
    String previous = currentOp;
    currentOp = op;
    try {
      return DjlSession.call(op, body);
    } finally {
      currentOp = previous;
    }
  }

  /** The PyTorch tensor behind a tensor of this step; anything else is a user error. */
  PtNDArray nd(Tensor tensor) {
    if (!(tensor instanceof DjlTensor t)) {
      throw VitpException.userError("Op [" + currentOp + "] expected a tensor of backend ["
          + DjlPytorchBackend.NAME + "]. Received: " + tensor.getClass().getName() + " with shape "
          + tensor.shape() + " (tensors are not copied between backends)");
    }
    if (t.scope() != this) {
      if (t.scope().isClosed()) {
        throw VitpException.userError("Op [" + currentOp + "] expected a tensor of the current "
            + "step. Received: a tensor of a closed step (freed when that step closed), shape="
            + t.shape());
      }
      throw VitpException.userError("Op [" + currentOp + "] expected a tensor of the current "
          + "step. Received: a tensor of another open step, shape=" + t.shape());
    }
    return t.array();
  }

  /** Attaches an op result to this step's manager (DJL attaches results to an input's). */
  PtNDArray own(PtNDArray array) {
    if (array.getManager() != manager) {
      array.attach(manager);
    }
    return array;
  }

  Tensor wrap(PtNDArray array) {
    return new DjlTensor(this, own(array));
  }

  PtNDArray floatScalar(double value) {
    return JniUtils.full(manager, new ai.djl.ndarray.types.Shape(), value, DataType.FLOAT32,
        Device.cpu(), SparseFormat.DENSE);
  }

  PtNDArray intScalar(long value) {
    return JniUtils.full(manager, new ai.djl.ndarray.types.Shape(), value, DataType.INT32,
        Device.cpu(), SparseFormat.DENSE);
  }

  PtNDArray floats(float[] values, long... shape) {
    return session.host().floats(manager, values, shape);
  }

  PtNDArray ints(int[] values, long... shape) {
    return session.host().ints(manager, values, shape);
  }
}
