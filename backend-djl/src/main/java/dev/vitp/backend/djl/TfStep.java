package dev.vitp.backend.djl;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * An INFERENCE step on TensorFlow (the session refuses TRAINING): a sub-manager of the session's
 * manager owns every tensor made in the step and frees them all on close.
 */
final class TfStep extends Step {
  private final TfScope scope;

  TfStep(TfScope scope, StepMode mode, long randomSeed) {
    super(scope.backend(), mode, randomSeed, new TfMathOps(scope), new TfNnOps(scope));
    this.scope = scope;
  }

  @Override
  protected Tensor constantKernel(float[] values, Shape shape) {
    return scope.run("constant", () -> scope.wrap(scope.floats(values, shape.dims())));
  }

  @Override
  protected Tensor constantIntsKernel(int[] values, Shape shape) {
    return scope.run("constantInts", () -> scope.wrap(scope.ints(values, shape.dims())));
  }

  /** A handle of the step's own on the parameter's tensor (Identity shares the buffer). */
  @Override
  protected Tensor useKernel(Parameter parameter) {
    TfParameter p = scope.session().ownParameter(parameter, "use");
    return scope.run("use", () -> scope.wrap(scope.unary("Identity", p.array())));
  }

  @Override
  protected void backwardKernel(Tensor loss) {
    // Step.backward admits TRAINING steps only, and this backend never opens one.
    throw VitpException.internal("Backend [" + DjlTensorflowBackend.NAME + "] reached backward "
        + "in an INFERENCE step");
  }

  @Override
  protected @Nullable Tensor gradientKernel(Parameter parameter) {
    scope.session().ownParameter(parameter, "gradient");
    return null;
  }

  /** Replaces the parameter's tensor by a handle on {@code value}, owned by the session. */
  @Override
  protected void assignKernel(Parameter parameter, Tensor value) {
    TfParameter p = scope.session().ownParameter(parameter, "assign");
    scope.run("assign", () -> {
      p.replace(ai.djl.tensorflow.engine.TfRawOp.of(scope.session().manager(), "Identity")
          .input(scope.nd(value)).run());
      return null;
    });
  }

  @Override
  protected float[] toFloatsKernel(Tensor tensor) {
    return scope.run("toFloats", () -> scope.nd(tensor).toFloatArray());
  }

  @Override
  protected int[] toIntsKernel(Tensor tensor) {
    return scope.run("toInts", () -> scope.nd(tensor).toIntArray());
  }

  @Override
  protected void closeKernel() {
    scope.markClosed();
    scope.manager().close();
  }
}
