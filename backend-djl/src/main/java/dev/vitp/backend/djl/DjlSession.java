package dev.vitp.backend.djl;

import ai.djl.Device;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import java.util.function.Supplier;

/**
 * Owns the parameters (PyTorch leaf tensors in one DJL manager) and hands out one step at a time.
 * Closing it frees every native tensor of the session, its steps and gradients.
 */
final class DjlSession extends AbstractBackendSession<DjlPytorchBackend, DjlParameter> {
  private final PtNDManager manager;
  private final HostCopies host = new HostCopies();

  DjlSession(DjlPytorchBackend backend, long seed) {
    super(backend, seed, DjlParameter.class);
    this.manager = call("newSession",
        () -> (PtNDManager) backend.engine().newBaseManager(Device.cpu()));
  }

  @Override
  protected DjlParameter newParameter(String name, Shape shape, float[] values,
      boolean trainable) {
    PtNDArray array = call("createParameter", () -> {
      PtNDArray a = host.floats(manager, values, DjlTensor.longs(shape));
      a.setRequiresGradient(trainable);
      return a;
    });
    return new DjlParameter(this, name, shape, array, trainable);
  }

  @Override
  protected Step newStepKernel(StepMode mode, long randomSeed) {
    return DjlStep.open(this, mode, randomSeed);
  }

  @Override
  protected void closeKernel() {
    manager.close();
  }

  PtNDManager manager() {
    return manager;
  }

  HostCopies host() {
    return host;
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
