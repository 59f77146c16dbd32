package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;

/**
 * What every backend's parameter shares: name, shape, the trainable flag, and the checks of {@link
 * #read} and {@link #write}. A backend writes only how the values are stored (the kernels), in the
 * pattern of {@link Step}.
 *
 * @param <S> the session that created it, so the kernels reach its storage without a cast
 */
public abstract class AbstractParameter<S extends AbstractBackendSession<?, ?>>
    implements Parameter {
  private final S session;
  private final String name;
  private final Shape shape;
  private boolean trainable;

  protected AbstractParameter(S session, String name, Shape shape, boolean trainable) {
    this.session = session;
    this.name = name;
    this.shape = shape;
    this.trainable = trainable;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Shape shape() {
    return shape;
  }

  @Override
  public final boolean trainable() {
    return trainable;
  }

  @Override
  public final void setTrainable(boolean trainable) {
    session.ensureOpen("setTrainable");
    setTrainableKernel(trainable);
    this.trainable = trainable;
  }

  @Override
  public final float[] read() {
    session.ensureOpen("read");
    return readKernel();
  }

  @Override
  public final void write(float[] values) {
    session.ensureOpen("write");
    if (values.length != shape.size()) {
      throw VitpException.userError("Op [write] expected " + shape.size() + " values for parameter "
          + name + " of shape " + shape + ". Received: values=" + values.length);
    }
    writeKernel(values);
  }

  /** The session that created this parameter. */
  protected final S session() {
    return session;
  }

  /**
   * Tells the storage about a new trainable flag. Nothing to do where steps read {@link
   * #trainable()} when they use the parameter; a backend whose tensors carry the flag (PyTorch's
   * {@code requires_grad}) sets it here.
   */
  protected void setTrainableKernel(boolean trainable) {}

  /** A fresh host copy of the values, row-major. */
  protected abstract float[] readKernel();

  /** Overwrites the values from {@code shape().size()} floats; the array is the caller's. */
  protected abstract void writeKernel(float[] values);

  /** Drops the accumulated gradient, so that the parameter has none until the next backward. */
  protected abstract void zeroGradientKernel();

  @Override
  public final String toString() {
    return "Parameter[" + name + ", shape=" + shape + ", trainable=" + trainable + "]";
  }
}
