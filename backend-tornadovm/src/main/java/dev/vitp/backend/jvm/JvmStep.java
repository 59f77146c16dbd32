package dev.vitp.backend.jvm;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A step of the {@code jvm} backend. Its tensors are host arrays owned by its {@link StepContext};
 * closing it drops them (and the tape) for the garbage collector. {@code use} hands out a view of
 * the parameter's live array (as DJL hands out a view of the leaf), {@code assign} copies into that
 * array in place, {@code gradient} is a view of the parameter's accumulated gradient.
 */
final class JvmStep extends Step {
  private final StepContext c;

  JvmStep(StepContext context, long randomSeed) {
    super(context.backend, context.mode, randomSeed, new JvmMathOps(context),
        new JvmNnOps(context));
    this.c = context;
  }

  @Override
  protected Tensor constantKernel(float[] values, Shape shape) {
    return c.floats(shape, c.adopt(values));
  }

  @Override
  protected Tensor constantIntsKernel(int[] values, Shape shape) {
    return c.ints(shape, values);
  }

  @Override
  protected Tensor useKernel(Parameter parameter) {
    JvmParameter p = c.session.ownParameter(parameter, "use");
    return JvmTensor.ofParameter(c, p, mode() == StepMode.TRAINING && p.trainable());
  }

  @Override
  protected void backwardKernel(Tensor loss) {
    c.backward(c.in("backward", loss));
  }

  @Override
  protected @Nullable Tensor gradientKernel(Parameter parameter) {
    JvmParameter p = c.session.ownParameter(parameter, "gradient");
    if (!p.trainable() || !p.gradientPending()) {
      return null;
    }
    return c.floats(p.shape(), p.gradient());
  }

  @Override
  protected void assignKernel(Parameter parameter, Tensor value) {
    JvmParameter p = c.session.ownParameter(parameter, "assign");
    JvmTensor v = c.in("assign", value);
    System.arraycopy(v.f, 0, p.data(), 0, v.size);
  }

  @Override
  protected float[] toFloatsKernel(Tensor tensor) {
    JvmTensor t = c.in("toFloats", tensor);
    return java.util.Arrays.copyOf(t.f, t.size);
  }

  @Override
  protected int[] toIntsKernel(Tensor tensor) {
    JvmTensor t = c.in("toInts", tensor);
    return java.util.Arrays.copyOf(t.i, t.size);
  }

  @Override
  protected void closeKernel() {
    c.close();
  }
}
