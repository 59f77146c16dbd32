package dev.vitp.backend.jvm;

import dev.vitp.spi.backend.AbstractParameter;
import dev.vitp.spi.backend.Shape;
import java.util.Arrays;

/**
 * A parameter: its values in a host array, and (once a backward pass reaches it) a gradient buffer
 * of the same size that backward kernels add into until {@link JvmSession#zeroGradients()}.
 */
final class JvmParameter extends AbstractParameter<JvmSession> {
  private static final float[] NONE = new float[0];

  private final float[] data;
  private float[] grad = NONE;
  /** Whether {@link #grad} holds a gradient (a backward pass reached the parameter). */
  private boolean gradientPending;

  JvmParameter(JvmSession session, String name, Shape shape, float[] data, boolean trainable) {
    super(session, name, shape, trainable);
    this.data = data;
  }

  @Override
  protected float[] readKernel() {
    return data.clone();
  }

  @Override
  protected void writeKernel(float[] values) {
    System.arraycopy(values, 0, data, 0, data.length);
  }

  /** The live values (tensors of {@code use} alias them; {@code assign} copies into them). */
  float[] data() {
    return data;
  }

  boolean gradientPending() {
    return gradientPending;
  }

  /** The gradient buffer to add into, zeroed and marked pending if it held no gradient. */
  float[] accumulationBuffer() {
    if (!gradientPending) {
      if (grad.length != data.length) {
        grad = new float[data.length];
      }
      gradientPending = true;
    }
    return grad;
  }

  /** The accumulated gradient (valid while {@link #gradientPending()}). */
  float[] gradient() {
    return grad;
  }

  /** Zeroes the gradient in place (tensors handed out by {@code gradient} see the zeros). */
  @Override
  protected void zeroGradientKernel() {
    if (gradientPending) {
      Arrays.fill(grad, 0f);
      gradientPending = false;
    }
  }
}
