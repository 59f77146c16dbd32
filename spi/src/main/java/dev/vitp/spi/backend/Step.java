package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * A scope for one forward (and, in {@link StepMode#TRAINING}, backward) pass. It owns every tensor
 * created inside it and frees them all on {@link #close()}, so long runs do not grow native memory.
 *
 * <p>The public methods check their arguments once, here, and then call the backend's kernels
 * (the protected {@code ...Kernel} methods), so every backend reports bad input the same way.
 */
public abstract class Step implements AutoCloseable {
  private final Backend backend;
  private final StepMode mode;
  private final MathOps math;
  private final NnOps nn;
  private final RandomOps random;
  private boolean closed;

  protected Step(Backend backend, StepMode mode, long randomSeed, MathOps math, NnOps nn) {
    this.backend = backend;
    this.mode = mode;
    this.math = math;
    this.nn = nn;
    this.random = new RandomOps(this, randomSeed);
  }

  public final Backend backend() {
    return backend;
  }

  public final StepMode mode() {
    return mode;
  }

  /** Core math: elementwise, matmul, reductions, reshapes, gather. */
  public final MathOps math() {
    ensureOpen();
    return math;
  }

  /** Neural-network ops: linear, layer norm, activations, attention, convolutions, losses. */
  public final NnOps nn() {
    ensureOpen();
    return nn;
  }

  /** Seeded random tensors, identical on every backend for the same step seed. */
  public final RandomOps random() {
    ensureOpen();
    return random;
  }

  /** A float32 tensor from row-major values. */
  public final Tensor constant(float[] values, Shape shape) {
    ensureOpen();
    OpChecks.supported(backend, Op.CONSTANT);
    checkLength("constant", values.length, shape);
    return constantKernel(values.clone(), shape);
  }

  /** An int32 tensor (indices, class targets) from row-major values. */
  public final Tensor constantInts(int[] values, Shape shape) {
    ensureOpen();
    OpChecks.supported(backend, Op.CONSTANT);
    checkLength("constantInts", values.length, shape);
    return constantIntsKernel(values.clone(), shape);
  }

  public final Tensor scalar(float value) {
    return constant(new float[] {value}, Shape.scalar());
  }

  public final Tensor full(Shape shape, float value) {
    float[] values = new float[shape.elementCount()];
    java.util.Arrays.fill(values, value);
    return constant(values, shape);
  }

  public final Tensor zeros(Shape shape) {
    return full(shape, 0f);
  }

  /**
   * The parameter's current value as a tensor of this step. In a training step gradients flow back
   * into it (if it is trainable).
   */
  public final Tensor use(Parameter parameter) {
    ensureOpen();
    return useKernel(parameter);
  }

  /**
   * Back-propagates a scalar loss and adds the gradients to every trainable parameter used in this
   * step (gradients accumulate until {@link BackendSession#zeroGradients()}).
   */
  public final void backward(Tensor loss) {
    ensureOpen();
    if (mode != StepMode.TRAINING) {
      throw VitpException.userError(
          "Expected a TRAINING step for backward. Received: mode=" + mode);
    }
    if (loss.shape().size() != 1 || loss.dtype() != DType.FLOAT32) {
      throw VitpException.userError(
          "Expected a float32 scalar loss for backward. Received: shape=" + loss.shape()
              + ", dtype=" + loss.dtype());
    }
    backwardKernel(loss);
  }

  /** The accumulated gradient of a parameter, or null if it has none (frozen, or never used). */
  public final @Nullable Tensor gradient(Parameter parameter) {
    ensureOpen();
    return gradientKernel(parameter);
  }

  /** Overwrites a parameter with a tensor of the same shape (optimizer updates); not recorded. */
  public final void assign(Parameter parameter, Tensor value) {
    ensureOpen();
    OpChecks.supported(backend, Op.ASSIGN);
    if (!parameter.shape().equals(value.shape()) || value.dtype() != DType.FLOAT32) {
      throw VitpException.userError(
          "Op [assign] expected a float32 value of the parameter's shape. Received: parameter="
              + parameter.name() + ", parameterShape=" + parameter.shape() + ", valueShape="
              + value.shape() + ", dtype=" + value.dtype());
    }
    assignKernel(parameter, value);
  }

  /** Copies a float32 tensor to a row-major host array. */
  public final float[] toFloats(Tensor tensor) {
    ensureOpen();
    requireDType("toFloats", tensor, DType.FLOAT32);
    return toFloatsKernel(tensor);
  }

  /** Copies an int32 tensor to a row-major host array. */
  public final int[] toInts(Tensor tensor) {
    ensureOpen();
    requireDType("toInts", tensor, DType.INT32);
    return toIntsKernel(tensor);
  }

  /** The value of a one-element float32 tensor. */
  public final float item(Tensor tensor) {
    if (tensor.shape().size() != 1) {
      throw VitpException.userError(
          "Expected a one-element tensor for item. Received: shape=" + tensor.shape());
    }
    return toFloats(tensor)[0];
  }

  public final boolean isClosed() {
    return closed;
  }

  /** Frees every tensor of this step. Idempotent. */
  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      closeKernel();
    }
  }

  protected abstract Tensor constantKernel(float[] values, Shape shape);

  protected abstract Tensor constantIntsKernel(int[] values, Shape shape);

  protected abstract Tensor useKernel(Parameter parameter);

  protected abstract void backwardKernel(Tensor loss);

  protected abstract @Nullable Tensor gradientKernel(Parameter parameter);

  protected abstract void assignKernel(Parameter parameter, Tensor value);

  protected abstract float[] toFloatsKernel(Tensor tensor);

  protected abstract int[] toIntsKernel(Tensor tensor);

  protected abstract void closeKernel();

  private void ensureOpen() {
    if (closed) {
      throw VitpException.userError(
          "Expected an open step. Received: a step of backend [" + backend.name()
              + "] that is already closed (tensors of a closed step are freed)");
    }
  }

  private static void checkLength(String op, int length, Shape shape) {
    if (length != shape.size()) {
      throw VitpException.userError(
          "Op [" + op + "] expected " + shape.size() + " values for shape " + shape
              + ". Received: values=" + length);
    }
  }

  static void requireDType(String op, Tensor tensor, DType dtype) {
    if (tensor.dtype() != dtype) {
      throw VitpException.userError(
          "Op [" + op + "] expected a " + dtype.name().toLowerCase(java.util.Locale.ROOT)
              + " tensor. Received: dtype=" + tensor.dtype() + ", shape=" + tensor.shape());
    }
  }
}
