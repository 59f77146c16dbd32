package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.vitp.spi.backend.AbstractParameter;
import dev.vitp.spi.backend.Shape;

/**
 * A parameter of the {@code djl-tensorflow} backend: an immutable float32 TensorFlow tensor in the
 * session's manager, replaced as a whole on {@link #write} and {@code assign}. Steps read it
 * through their own handle ({@code Identity}), so replacing it never frees what a step holds.
 */
final class TfParameter extends AbstractParameter<TfSession> {
  private NDArray array;

  TfParameter(TfSession session, String name, Shape shape, NDArray array, boolean trainable) {
    super(session, name, shape, trainable);
    this.array = array;
  }

  @Override
  protected float[] readKernel() {
    return TfSession.call("read", array::toFloatArray);
  }

  @Override
  protected void writeKernel(float[] values) {
    replace(TfSession.call("write",
        () -> session().floats(session().manager(), values, shape())));
  }

  /** Nothing to drop: this backend never holds gradients. */
  @Override
  protected void zeroGradientKernel() {}

  /** Swaps in {@code next} (a tensor of the session's manager) and frees the previous value. */
  void replace(NDArray next) {
    NDArray previous = array;
    array = next;
    previous.close();
  }

  NDArray array() {
    return array;
  }
}
