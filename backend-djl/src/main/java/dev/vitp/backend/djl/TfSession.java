package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A session of the {@code djl-tensorflow} backend: parameters are TensorFlow tensors in one DJL
 * manager; steps are INFERENCE only. TensorFlow tensors are immutable, so writing or assigning a
 * parameter swaps in a new tensor and frees the old one.
 */
final class TfSession implements BackendSession {
  private final DjlTensorflowBackend backend;
  private final long seed;
  private final NDManager manager;
  private final Map<String, TfParameter> parameters = new LinkedHashMap<>();
  private final StagingBuffer staging = new StagingBuffer(DjlTensorflowBackend.NAME);
  private @Nullable TfStep openStep;
  private boolean closed;

  TfSession(DjlTensorflowBackend backend, long seed) {
    this.backend = backend;
    this.seed = seed;
    this.manager = call("newSession", () -> backend.engine().newBaseManager());
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public Parameter createParameter(String name, Shape shape, float[] values, boolean trainable) {
    ensureOpen("createParameter");
    BackendSession.checkNewParameter(parameters.get(name), name, shape, values);
    NDArray array = call("createParameter", () -> floats(manager, values, shape));
    TfParameter parameter = new TfParameter(this, name, shape, array, trainable);
    parameters.put(name, parameter);
    return parameter;
  }

  @Override
  public @Nullable Parameter findParameter(String name) {
    return parameters.get(name);
  }

  @Override
  public List<Parameter> parameters() {
    return List.copyOf(parameters.values());
  }

  /** INFERENCE steps only: a TRAINING step is refused with UNSUPPORTED, naming the capability. */
  @Override
  public Step newStep(StepMode mode, long randomSeed) {
    ensureOpen("newStep");
    if (mode == StepMode.TRAINING) {
      backend.requireCapability(Capability.TRAINING,
          "a TRAINING step (DJL's TensorFlow engine records no gradients)");
    }
    if (openStep != null && !openStep.isClosed()) {
      throw VitpException.userError("Expected at most one open step per session on backend ["
          + DjlTensorflowBackend.NAME + "]; close the previous step first. Received: newStep("
          + mode + ") while a " + openStep.mode() + " step is open");
    }
    TfStep step = call("newStep",
        () -> new TfStep(new TfScope(backend, this, manager.newSubManager()), mode, randomSeed));
    openStep = step;
    return step;
  }

  /** Nothing to reset: this backend never holds gradients. */
  @Override
  public void zeroGradients() {
    ensureOpen("zeroGradients");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (openStep != null) {
        openStep.close();
      }
    } finally {
      closed = true;
      openStep = null;
      parameters.clear();
      manager.close();
    }
  }

  NDManager manager() {
    return manager;
  }

  void stepClosed(TfStep step) {
    if (openStep == step) {
      openStep = null;
    }
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

  TfParameter parameter(Parameter parameter, String op) {
    if (!(parameter instanceof TfParameter p) || p.session() != this) {
      throw VitpException.userError("Op [" + op + "] expected a parameter of this "
          + DjlTensorflowBackend.NAME + " session. Received: " + parameter
          + (parameter instanceof TfParameter ? " of another session" : " of "
              + parameter.getClass().getName()));
    }
    return p;
  }

  void ensureOpen(String op) {
    if (closed) {
      throw VitpException.userError("Op [" + op + "] expected an open session of backend ["
          + DjlTensorflowBackend.NAME + "]. Received: a closed session (its parameters are freed)");
    }
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
