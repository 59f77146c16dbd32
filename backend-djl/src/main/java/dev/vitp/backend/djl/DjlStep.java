package dev.vitp.backend.djl;

import ai.djl.engine.EngineException;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A step on DJL: a sub-manager of the session's manager owns every tensor made in the step
 * (including the views of parameters and the gradient handles it hands out) and frees them all on
 * close.
 *
 * <p>Recording. PyTorch's grad mode is thread-local; a step sets it on the thread that opens it
 * and restores the previous value when it closes, so a step must be used on the thread that
 * opened it (sessions are single-threaded anyway). A TRAINING step opens DJL's {@link
 * GradientCollector} (PyTorch: {@code PtGradientCollector}), which switches grad mode on; an
 * INFERENCE step switches grad mode off, so nothing is recorded even for trainable parameters.
 *
 * <p>What DJL 0.36.0's {@code PtGradientCollector} does, and how this class relies on it: its
 * constructor turns grad mode on and claims a JVM-wide flag (a second collector throws, after
 * having turned grad mode on); it does <em>not</em> zero gradients (the call is commented out
 * upstream); {@code backward} seeds the loss with ones and calls {@code torch::autograd::backward},
 * which adds into each leaf's {@code .grad} (in place, since grad mode is off inside the autograd
 * engine); {@code close} turns grad mode off only if it was off before and releases the flag. Its
 * {@code zeroGradients()} would zero every array that has a gradient in DJL's <em>system</em>
 * manager; this backend never calls it. So gradients accumulate across backward calls and across
 * steps until {@link DjlSession#zeroGradients()} zeroes each parameter's {@code .grad} in place.
 * Because the collector flag is JVM-wide, at most one TRAINING step may be open in the whole JVM;
 * this class checks that itself (with a clear error) before DJL would throw.
 */
final class DjlStep extends Step {
  /** Whether a TRAINING step is open in this JVM (DJL allows one GradientCollector at a time). */
  private static final AtomicBoolean TRAINING_OPEN = new AtomicBoolean();

  /** PyTorch's message when backward is called on a tensor outside any graph. */
  private static final String NOTHING_TO_DIFFERENTIATE = "does not require grad";

  private final StepScope scope;
  private final @Nullable GradientCollector collector;
  private final boolean previousGradMode;
  private final Set<DjlParameter> used = Collections.newSetFromMap(new IdentityHashMap<>());

  private DjlStep(StepScope scope, StepMode mode, long randomSeed,
      @Nullable GradientCollector collector, boolean previousGradMode) {
    super(scope.backend(), mode, randomSeed, new DjlMathOps(scope), new DjlNnOps(scope));
    this.scope = scope;
    this.collector = collector;
    this.previousGradMode = previousGradMode;
  }

  static DjlStep open(DjlSession session, StepMode mode, long randomSeed) {
    DjlPytorchBackend backend = session.backend();
    if (mode == StepMode.TRAINING && !TRAINING_OPEN.compareAndSet(false, true)) {
      throw VitpException.userError("Expected no other TRAINING step open in this JVM (DJL's "
          + "PyTorch GradientCollector is JVM-wide, one at a time). Received: newStep(TRAINING) "
          + "while a TRAINING step of another session is open; close it first");
    }
    boolean previousGradMode = JniUtils.isGradMode();
    PtNDManager manager = null;
    GradientCollector collector = null;
    try {
      manager = (PtNDManager) session.manager().newSubManager();
      if (mode == StepMode.TRAINING) {
        // Turns grad mode on; throws (after turning it on) if someone else's collector is open.
        collector = backend.engine().newGradientCollector();
      } else {
        JniUtils.setGradMode(false);
      }
      return new DjlStep(new StepScope(backend, session, manager), mode, randomSeed, collector,
          previousGradMode);
    } catch (RuntimeException e) {
      if (collector != null) {
        collector.close();
      }
      if (mode == StepMode.TRAINING) {
        TRAINING_OPEN.set(false);
      }
      JniUtils.setGradMode(previousGradMode);
      if (manager != null) {
        manager.close();
      }
      throw e instanceof VitpException v ? v : VitpException.backendFailure("Op [newStep] failed "
          + "on backend [" + DjlPytorchBackend.NAME + "] (is another DJL training loop running in "
          + "this JVM?): " + e.getMessage(), e);
    }
  }

  @Override
  protected Tensor constantKernel(float[] values, Shape shape) {
    return scope.run("constant",
        () -> scope.wrap(scope.floats(values, DjlTensor.longs(shape))));
  }

  @Override
  protected Tensor constantIntsKernel(int[] values, Shape shape) {
    return scope.run("constantInts",
        () -> scope.wrap(scope.ints(values, DjlTensor.longs(shape))));
  }

  @Override
  protected Tensor useKernel(Parameter parameter) {
    DjlParameter p = scope.session().ownParameter(parameter, "use");
    return scope.run("use", () -> {
      // A view of the leaf owned by this step: gradients flow through it into the leaf, and
      // closing the step frees the handle, never the parameter.
      PtNDArray view = JniUtils.reshape(p.array(), DjlTensor.longs(p.shape()));
      used.add(p);
      return scope.wrap(view);
    });
  }

  @Override
  protected void backwardKernel(Tensor loss) {
    scope.run("backward", () -> {
      PtNDArray l = scope.nd(loss);
      GradientCollector c = collector;
      if (c == null) {
        throw VitpException.internal("TRAINING step without a GradientCollector");
      }
      try {
        c.backward(l);
      } catch (EngineException e) {
        // No trainable parameter reaches the loss (e.g. every target ignored, or only frozen
        // parameters used): there is nothing to add. DJL exposes no requires_grad for non-leaf
        // tensors (torchRequiresGrad answers for leaves only), so PyTorch's own refusal is the
        // test.
        if (String.valueOf(e.getMessage()).contains(NOTHING_TO_DIFFERENTIATE)) {
          return null;
        }
        throw e;
      }
      for (DjlParameter p : used) {
        if (p.trainable()) {
          p.setGradientPending(true);
        }
      }
      return null;
    });
  }

  @Override
  protected @Nullable Tensor gradientKernel(Parameter parameter) {
    DjlParameter p = scope.session().ownParameter(parameter, "gradient");
    if (!p.trainable() || !p.gradientPending()) {
      return null;
    }
    return scope.run("gradient", () -> {
      // JniUtils (not NDArray.getGradient, which invents zeros) so that an undefined .grad stays
      // "no gradient". The handle shares the .grad storage and is attached to this step.
      PtNDArray grad = JniUtils.getGradient(p.array());
      return grad == null ? null : scope.wrap(grad);
    });
  }

  @Override
  protected void assignKernel(Parameter parameter, Tensor value) {
    DjlParameter p = scope.session().ownParameter(parameter, "assign");
    scope.run("assign", () -> {
      DjlSession.copyInto(p, scope.nd(value));
      return null;
    });
  }

  @Override
  protected float[] toFloatsKernel(Tensor tensor) {
    return scope.run("toFloats", () -> HostCopies.toFloats(scope.nd(tensor)));
  }

  @Override
  protected int[] toIntsKernel(Tensor tensor) {
    return scope.run("toInts", () -> HostCopies.toInts(scope.nd(tensor)));
  }

  @Override
  protected void closeKernel() {
    scope.markClosed();
    try {
      scope.manager().close();
    } finally {
      try {
        if (collector != null) {
          collector.close();
        }
      } finally {
        if (collector != null) {
          TRAINING_OPEN.set(false);
        }
        JniUtils.setGradMode(previousGradMode);
      }
    }
  }
}
