package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import java.util.function.Supplier;

/**
 * A session of the {@code djl-tensorflow} backend: parameters are TensorFlow tensors in one DJL
 * manager; steps are INFERENCE only. TensorFlow tensors are immutable, so writing or assigning a
 * parameter swaps in a new tensor and frees the old one.
 */
final class TfSession extends AbstractBackendSession<DjlTensorflowBackend, TfParameter> {
  private final NDManager manager;
  private final StagingBuffer staging = new StagingBuffer(DjlTensorflowBackend.NAME);

  TfSession(DjlTensorflowBackend backend, long seed) {
    super(backend, seed, TfParameter.class);
    this.manager = call("newSession", () -> backend.engine().newBaseManager());
  }

  @Override
  protected TfParameter newParameter(String name, Shape shape, float[] values,
      boolean trainable) {
    NDArray array = call("createParameter", () -> floats(manager, values, shape));
    return new TfParameter(this, name, shape, array, trainable);
  }

  /** This backend lacks TRAINING, so the base refuses a TRAINING step with this reason. */
  @Override
  protected String trainingStepDescription() {
    return "a TRAINING step (DJL's TensorFlow engine records no gradients)";
  }

  @Override
  protected Step newStepKernel(StepMode mode, long randomSeed) {
    return call("newStep",
        () -> new TfStep(new TfScope(backend(), this, manager.newSubManager()), mode, randomSeed));
  }

  @Override
  protected void closeKernel() {
    manager.close();
  }

  NDManager manager() {
    return manager;
  }

  /** A float32 TensorFlow tensor holding {@code values}, attached to {@code owner}. */
  NDArray floats(NDManager owner, float[] values, Shape shape) {
    return owner.create(staging.floats(values),
        new ai.djl.ndarray.types.Shape(DjlTensor.longs(shape)), DataType.FLOAT32);
  }

  /** An int32 TensorFlow tensor holding {@code values}, attached to {@code owner}. */
  NDArray ints(NDManager owner, int[] values, Shape shape) {
    return owner.create(staging.ints(values),
        new ai.djl.ndarray.types.Shape(DjlTensor.longs(shape)), DataType.INT32);
  }

  /** Runs DJL code, turning DJL and TensorFlow failures into BACKEND_FAILURE errors naming the op. */
  static <T> T call(String op, Supplier<T> body) {
    try {
      return body.get();
    } catch (VitpException e) {
      throw e;
    } catch (RuntimeException e) {
      throw VitpException.backendFailure("Op [" + op + "] failed on backend ["
          + DjlTensorflowBackend.NAME + "]: " + e.getMessage(), e);
    }
  }
}
