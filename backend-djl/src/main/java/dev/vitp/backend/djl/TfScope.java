package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.TfRawOp;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import java.util.function.Supplier;

/**
 * What a {@code djl-tensorflow} step's kernels share: the step's DJL sub-manager (every tensor the
 * step hands out is attached to it and freed when it closes), TensorFlow ops by name, tensor
 * unwrapping with clear errors, and the wrapper that turns TensorFlow failures into vitp errors
 * naming the op.
 *
 * <p>Each kernel runs in a manager of its own: its temporaries (attention scores, softmax
 * weights, the parts of a layer norm, shape and axis constants) are freed when the kernel returns,
 * and only its result moves to the step ({@link #wrap}). Kept until the step closed, they made
 * InternViT-300M's forward on two 448-px images hold 22 GB.
 */
final class TfScope {
  private final DjlTensorflowBackend backend;
  private final TfSession session;
  private final NDManager manager;
  /** The running kernel's manager (the step's outside kernels). */
  private NDManager kernelManager;
  private boolean closed;
  private String currentOp = "step";

  TfScope(DjlTensorflowBackend backend, TfSession session, NDManager manager) {
    this.backend = backend;
    this.session = session;
    this.manager = manager;
    this.kernelManager = manager;
  }

  DjlTensorflowBackend backend() {
    return backend;
  }

  TfSession session() {
    return session;
  }

  NDManager manager() {
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

  /**
   * Runs a kernel in a manager of its own, freed when it returns (its result has moved to the
   * step by then); DJL and TensorFlow failures become BACKEND_FAILURE errors naming the op.
   */
  <T> T run(String op, Supplier<T> body) {
    String previousOp = currentOp;
    NDManager previousManager = kernelManager;
    currentOp = op;
    try (NDManager kernel = manager.newSubManager()) {
      kernelManager = kernel;
      return TfSession.call(op, body);
    } finally {
      kernelManager = previousManager;
      currentOp = previousOp;
    }
  }

  /** TensorFlow op {@code name}; its result belongs to the running kernel until wrapped. */
  TfRawOp op(String name) {
    return TfRawOp.of(kernelManager, name);
  }

  /** Shorthand for a one-input op with inferred attributes ({@code Exp}, {@code Relu} …). */
  NDArray unary(String name, NDArray x) {
    return op(name).input(x).run();
  }

  /** Shorthand for a two-input op with inferred attributes ({@code AddV2}, {@code Mul} …). */
  NDArray binary(String name, NDArray x, NDArray y) {
    return op(name).input(x).input(y).run();
  }

  /** The TensorFlow tensor behind a tensor of this step; anything else is a user error. */
  NDArray nd(Tensor tensor) {
    if (!(tensor instanceof TfTensor t)) {
      throw VitpException.userError("Op [" + currentOp + "] expected a tensor of backend ["
          + DjlTensorflowBackend.NAME + "]. Received: " + tensor.getClass().getName()
          + " with shape " + tensor.shape() + " (tensors are not copied between backends)");
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

  /** A kernel's result as a tensor of this step: it moves from the kernel's manager to the step's. */
  Tensor wrap(NDArray array) {
    array.attach(manager);
    return new TfTensor(this, array);
  }

  NDArray floats(float[] values, int... shape) {
    return session.floats(kernelManager, values, Shape.of(shape));
  }

  NDArray ints(int[] values, int... shape) {
    return session.ints(kernelManager, values, Shape.of(shape));
  }

  NDArray floatScalar(double value) {
    return floats(new float[] {(float) value});
  }

  /** An int32 vector: shapes, permutations, axes and begin/size arguments of TensorFlow ops. */
  NDArray intVector(int... values) {
    return ints(values, values.length);
  }

  NDArray intScalar(int value) {
    return ints(new int[] {value});
  }

  /** {@code Reshape} to {@code dims}. */
  NDArray reshape(NDArray x, int... dims) {
    return binary("Reshape", x, intVector(dims));
  }

  /** {@code Transpose}: output axis i is input axis {@code permutation[i]}. */
  NDArray transpose(NDArray x, int... permutation) {
    return binary("Transpose", x, intVector(permutation));
  }

  /** Sum, Mean, Max or Min of {@code x} over {@code axes}. */
  NDArray reduce(String name, NDArray x, boolean keepDims, int... axes) {
    return op(name).input(x).input(intVector(axes)).attr("keep_dims", keepDims).run();
  }
}
