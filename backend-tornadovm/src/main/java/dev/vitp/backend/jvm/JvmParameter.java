package dev.vitp.backend.jvm;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import java.util.Arrays;

/**
 * A parameter: its values in a host array, and (once a backward pass reaches it) a gradient buffer
 * of the same size that backward kernels add into until {@link JvmSession#zeroGradients()}.
 */
final class JvmParameter implements Parameter {
  private static final float[] NONE = new float[0];

  private final JvmSession session;
  private final String name;
  private final Shape shape;
  private final float[] data;
  private float[] grad = NONE;
  /** Whether {@link #grad} holds a gradient (a backward pass reached the parameter). */
  private boolean gradientPending;
  private boolean trainable;

  JvmParameter(JvmSession session, String name, Shape shape, float[] data, boolean trainable) {
    this.session = session;
    this.name = name;
    this.shape = shape;
    this.data = data;
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
    this.trainable = trainable;
  }

  @Override
  public float[] read() {
    session.ensureOpen("read");
    return data.clone();
  }

  @Override
  public void write(float[] values) {
    session.ensureOpen("write");
    if (values.length != data.length) {
      throw VitpException.userError("Op [write] expected " + shape.size() + " values for parameter "
          + name + " of shape " + shape + ". Received: values=" + values.length);
    }
    System.arraycopy(values, 0, data, 0, data.length);
  }

  JvmSession session() {
    return session;
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
  void zeroGradient() {
    if (gradientPending) {
      Arrays.fill(grad, 0f);
      gradientPending = false;
    }
  }

  @Override
  public String toString() {
    return "Parameter[" + name + ", shape=" + shape + ", trainable=" + trainable + "]";
  }
}
