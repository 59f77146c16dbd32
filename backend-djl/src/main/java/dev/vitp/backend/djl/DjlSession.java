package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
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
 * Owns the parameters (PyTorch leaf tensors in one DJL manager) and hands out one step at a time.
 * Closing it frees every native tensor of the session, its steps and gradients.
 */
final class DjlSession implements BackendSession {
  private final DjlPytorchBackend backend;
  private final long seed;
  private final PtNDManager manager;
  private final Map<String, DjlParameter> parameters = new LinkedHashMap<>();
  private final HostCopies host = new HostCopies();
  private @Nullable DjlStep openStep;
  private boolean closed;

  DjlSession(DjlPytorchBackend backend, long seed) {
    this.backend = backend;
    this.seed = seed;
    this.manager = call("newSession",
        () -> (PtNDManager) backend.engine().newBaseManager(Device.cpu()));
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
    PtNDArray array = call("createParameter", () -> {
      PtNDArray a = host.floats(manager, values, DjlTensor.longs(shape));
      a.setRequiresGradient(trainable);
      return a;
    });
    DjlParameter parameter = new DjlParameter(this, name, shape, array, trainable);
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

  @Override
  public Step newStep(StepMode mode, long randomSeed) {
    ensureOpen("newStep");
    if (openStep != null && !openStep.isClosed()) {
      throw VitpException.userError("Expected at most one open step per session on backend ["
          + DjlPytorchBackend.NAME + "]; close the previous step first. Received: newStep(" + mode
          + ") while a " + openStep.mode() + " step is open");
    }
    openStep = DjlStep.open(this, mode, randomSeed);
    return openStep;
  }

  @Override
  public void zeroGradients() {
    ensureOpen("zeroGradients");
    call("zeroGradients", () -> {
      for (DjlParameter p : parameters.values()) {
        // In place, under a no-grad guard, only where .grad is defined; the same storage keeps
        // accumulating afterwards.
        JniUtils.zeroGrad(p.array());
        p.setGradientPending(false);
      }
      return null;
    });
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

  boolean isClosed() {
    return closed;
  }

  PtNDManager manager() {
    return manager;
  }

  HostCopies host() {
    return host;
  }

  void stepClosed(DjlStep step) {
    if (openStep == step) {
      openStep = null;
    }
  }

  /** Copies host values into a parameter's storage in place, without recording. */
  void writeInto(DjlParameter parameter, float[] values) {
    call("write", () -> {
      try (PtNDArray staged =
          host.stagedFloats(manager, values, DjlTensor.longs(parameter.shape()))) {
        copyInto(parameter, staged);
      }
      return null;
    });
  }

  /**
   * Copies {@code source} (same element count) into the parameter's storage in place. Runs with
   * grad mode off, so nothing is recorded and PyTorch allows the in-place write on a leaf that
   * requires grad; the parameter keeps its identity (and therefore its accumulated gradient).
   */
  static void copyInto(DjlParameter parameter, PtNDArray source) {
    long n = parameter.shape().size();
    if (n == 0) {
      return;
    }
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (PtNDArray target = JniUtils.reshape(parameter.array(), new long[] {n});
        PtNDArray flat = JniUtils.reshape(source, new long[] {n})) {
      JniUtils.indexSet(target, flat, new long[] {0}, new long[] {n}, new long[] {1});
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  DjlParameter parameter(Parameter parameter, String op) {
    if (!(parameter instanceof DjlParameter p) || p.session() != this) {
      throw VitpException.userError("Op [" + op + "] expected a parameter of this "
          + DjlPytorchBackend.NAME + " session. Received: " + parameter
          + (parameter instanceof DjlParameter ? " of another session" : " of "
              + parameter.getClass().getName()));
    }
    return p;
  }

  void ensureOpen(String op) {
    if (closed) {
      throw VitpException.userError("Op [" + op + "] expected an open session of backend ["
          + DjlPytorchBackend.NAME + "]. Received: a closed session (its parameters are freed)");
    }
  }

  /** Runs DJL code, turning DJL and native failures into BACKEND_FAILURE errors naming the op. */
  static <T> T call(String op, Supplier<T> body) {
    try {
      return body.get();
    } catch (VitpException e) {
      throw e;
    } catch (RuntimeException e) {
      throw VitpException.backendFailure("Op [" + op + "] failed on backend ["
          + DjlPytorchBackend.NAME + "]: " + e.getMessage(), e);
    }
  }
}
