package dev.vitp.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;

/**
 * A parameter: a float32 PyTorch leaf tensor in the session's manager whose {@code requires_grad}
 * follows {@link #trainable()}. Its gradient lives in PyTorch's {@code .grad} of that leaf.
 */
final class DjlParameter implements Parameter {
  private final DjlSession session;
  private final String name;
  private final Shape shape;
  private final PtNDArray array;
  private boolean trainable;
  /**
   * Whether a backward pass may have added into {@code .grad} since the last zeroGradients; when
   * false the parameter has no gradient as far as the contract is concerned.
   */
  private boolean gradientPending;

  DjlParameter(DjlSession session, String name, Shape shape, PtNDArray array, boolean trainable) {
    this.session = session;
    this.name = name;
    this.shape = shape;
    this.array = array;
    this.trainable = trainable;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  @Override
  public void setTrainable(boolean trainable) {
    session.ensureOpen("setTrainable");
    DjlSession.call("setTrainable", () -> {
      array.setRequiresGradient(trainable);
      return null;
    });
    this.trainable = trainable;
  }

  @Override
  public float[] read() {
    session.ensureOpen("read");
    return DjlSession.call("read", () -> HostCopies.toFloats(array));
  }

  @Override
  public void write(float[] values) {
    session.ensureOpen("write");
    if (values.length != shape.size()) {
      throw VitpException.userError("Op [write] expected " + shape.size() + " values for parameter "
          + name + " of shape " + shape + ". Received: values=" + values.length);
    }
    session.writeInto(this, values);
  }

  DjlSession session() {
    return session;
  }

  PtNDArray array() {
    return array;
  }

  boolean gradientPending() {
    return gradientPending;
  }

  void setGradientPending(boolean pending) {
    this.gradientPending = pending;
  }

  @Override
  public String toString() {
    return "Parameter[" + name + ", shape=" + shape + ", trainable=" + trainable + "]";
  }
}
