package dev.vitp.backend.djl;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.backend.AbstractParameter;
import dev.vitp.spi.backend.Shape;

/**
 * A parameter: a float32 PyTorch leaf tensor in the session's manager whose {@code requires_grad}
 * follows {@link #trainable()}. Its gradient lives in PyTorch's {@code .grad} of that leaf.
 */
final class DjlParameter extends AbstractParameter<DjlSession> {
  private final PtNDArray array;
  /**
   * Whether a backward pass may have added into {@code .grad} since the last zeroGradients; when
   * false the parameter has no gradient as far as the contract is concerned.
   */
  private boolean gradientPending;

  DjlParameter(DjlSession session, String name, Shape shape, PtNDArray array, boolean trainable) {
    super(session, name, shape, trainable);
    this.array = array;
  }

  @Override
  protected void setTrainableKernel(boolean trainable) {
    DjlSession.call("setTrainable", () -> {
      array.setRequiresGradient(trainable);
      return null;
    });
  }

  @Override
  protected float[] readKernel() {
    return DjlSession.call("read", () -> HostCopies.toFloats(array));
  }

  @Override
  protected void writeKernel(float[] values) {
    session().writeInto(this, values);
  }

  /**
   * Zeroes {@code .grad} in place, under a no-grad guard, only where it is defined; the same
   * storage keeps accumulating afterwards.
   */
  @Override
  protected void zeroGradientKernel() {
    DjlSession.call("zeroGradients", () -> {
      JniUtils.zeroGrad(array);
      return null;
    });
    gradientPending = false;
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
}
