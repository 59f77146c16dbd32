package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;

/**
 * A parameter of the {@code djl-tensorflow} backend: an immutable float32 TensorFlow tensor in the
 * session's manager, replaced as a whole on {@link #write} and {@code assign}. Steps read it
 * through their own handle ({@code Identity}), so replacing it never frees what a step holds.
 */
final class TfParameter implements Parameter {
  private final TfSession session;
  private final String name;
  private final Shape shape;
  private NDArray array;
  private boolean trainable;

  TfParameter(TfSession session, String name, Shape shape, NDArray array, boolean trainable) {
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

  /** Kept as a flag only: nothing is trained on this backend. */
  @Override
  public boolean trainable() {
    return trainable;
  }

  @Override
  public void setTrainable(boolean trainable) {
    session.ensureOpen("setTrainable");
    this.trainable = trainable;
  }

  @Override
  public float[] read() {
    session.ensureOpen("read");
    return TfSession.call("read", array::toFloatArray);
  }

  @Override
  public void write(float[] values) {
    session.ensureOpen("write");
    if (values.length != shape.size()) {
      throw VitpException.userError("Op [write] expected " + shape.size() + " values for parameter "
          + name + " of shape " + shape + ". Received: values=" + values.length);
    }
    replace(TfSession.call("write", () -> session.floats(session.manager(), values, shape)));
  }

  /** Swaps in {@code next} (a tensor of the session's manager) and frees the previous value. */
  void replace(NDArray next) {
    NDArray previous = array;
    array = next;
    previous.close();
  }

  TfSession session() {
    return session;
  }

  NDArray array() {
    return array;
  }

  @Override
  public String toString() {
    return "Parameter[" + name + ", shape=" + shape + ", trainable=" + trainable + "]";
  }
}
