package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The checks the contracts make, bound to one backend under test: an op call's forward against
 * the reference, its gradient against finite differences, a malformed call's USER_ERROR, and
 * UNSUPPORTED for excluded ops. One instance per property, so {@link BackendUnderTest#backend()}
 * is called once per property, as before.
 */
final class BackendChecks {
  private static final double FD_STEP = 1e-4;

  private final BackendUnderTest test;
  private final Backend backend;
  private final Map<Op, String> excluded;

  BackendChecks(BackendUnderTest test) {
    this.test = test;
    this.backend = test.backend();
    this.excluded = test.excludedOps(backend);
  }

  Backend backend() {
    return backend;
  }

  Map<Op, String> excludedOps() {
    return excluded;
  }

  boolean excluded(Op op) {
    return excluded.containsKey(op);
  }

  boolean trains() {
    return backend.capabilities().contains(Capability.TRAINING);
  }

  Tolerance gradientTolerance(Op op) {
    return test.gradientTolerance(op);
  }

  /** The op's output on the backend matches the reference in shape, dtype and values. */
  void checkForward(OpCall call) {
    if (excluded(call.op())) {
      checkUnsupported(call);
      return;
    }
    RefTensor want = call.reference();
    try (BackendSession session = backend.newSession(call.seed());
        Step step = session.newStep(StepMode.INFERENCE, call.seed())) {
      Tensor out = call.runOn(step, call.materialize(step));
      assertOutput(call, step, out, want);
    }
  }

  /**
   * The backend's gradient of {@code sumAll(op(inputs) * W)} with respect to every float input
   * (held as a trainable parameter) matches central finite differences of the reference.
   */
  void checkGradient(OpCall call) {
    if (excluded(call.op())) {
      checkUnsupported(call);
      return;
    }
    if (!trains()) {
      checkTrainingRefused(call.seed());
      return;
    }
    RefTensor want = call.reference();
    float[] w = weights(want.shape, call.seed());
    try (BackendSession session = backend.newSession(call.seed());
        Step step = session.newStep(StepMode.TRAINING, call.seed())) {
      List<Tensor> tensors = new ArrayList<>();
      List<@Nullable Parameter> params = new ArrayList<>();
      for (int i = 0; i < call.inputs().size(); i++) {
        OpCall.Input in = call.inputs().get(i);
        if (in.differentiable()) {
          Parameter p = session.createParameter("input" + i + "." + in.name(), in.shape(),
              in.floats(), true);
          params.add(p);
          tensors.add(step.use(p));
        } else {
          params.add(null);
          tensors.add(in.on(step));
        }
      }
      Tensor out = call.runOn(step, tensors);
      assertOutput(call, step, out, want);
      Tensor loss = step.math().sumAll(step.math().mul(out, step.constant(w, Shape.of(want.shape))));
      step.backward(loss);
      List<RefTensor> refInputs = new ArrayList<>();
      for (OpCall.Input in : call.inputs()) {
        refInputs.add(in.reference());
      }
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        if (p == null) {
          continue;
        }
        RefTensor expected = finiteDifferenceGradient(call, refInputs, i, w);
        Tensor g = step.gradient(p);
        assertNotNull(g, () -> "No gradient for input " + p.name() + " of " + call);
        assertEquals(p.shape(), g.shape(), () -> "Gradient shape of " + p.name() + " in " + call);
        assertClose("gradient of " + p.name() + " (W=" + Arrays.toString(w) + ")", call,
            step.toFloats(g), expected, test.gradientTolerance(call.op()));
      }
    }
  }

  /**
   * The malformed call fails with USER_ERROR whose message names the op ({@code Op [name]}) and
   * the received shapes or values.
   */
  void checkUserError(OpCall call) {
    if (excluded(call.op())) {
      checkUnsupported(call);
      return;
    }
    VitpException e = expectFailure(call, StepMode.INFERENCE, "USER_ERROR");
    assertEquals(ErrorCode.USER_ERROR, e.code(), () -> "Code of " + e + " for " + call);
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("Op [" + call.op().opName() + "]"),
        () -> "Message should name the op as 'Op [" + call.op().opName() + "]': " + message);
    for (String fragment : call.expectedInMessage()) {
      assertTrue(message.contains(fragment),
          () -> "Message should contain '" + fragment + "': " + message + " (call " + call + ")");
    }
  }

  /** Calling an excluded op fails with UNSUPPORTED naming the op and the backend. */
  void checkUnsupported(OpCall call) {
    StepMode mode = trains() ? StepMode.TRAINING : StepMode.INFERENCE;
    VitpException e = expectFailure(call, mode, "UNSUPPORTED, because the op is excluded for "
        + "backend [" + backend.name() + "] (" + excluded.get(call.op()) + ")");
    String message = String.valueOf(e.getMessage());
    assertEquals(ErrorCode.UNSUPPORTED, e.code(),
        () -> "Op " + call.op() + " is excluded for backend [" + backend.name()
            + "], so calling it must fail with UNSUPPORTED; got " + e);
    assertTrue(message.contains("Op [" + call.op().opName() + "]")
        && message.contains(backend.name()),
        () -> "UNSUPPORTED message should name op and backend: " + message);
  }

  private VitpException expectFailure(OpCall call, StepMode mode, String expected) {
    String outcome;
    try (BackendSession session = backend.newSession(call.seed());
        Step step = session.newStep(mode, call.seed())) {
      Tensor out = call.runOn(step, call.materialize(step));
      // Kernels may fail lazily; reading the result forces them.
      if (out.dtype() == DType.INT32) {
        step.toInts(out);
      } else {
        step.toFloats(out);
      }
      outcome = "it returned a tensor of shape " + out.shape();
    } catch (VitpException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("Expected a VitpException (" + expected + ") for " + call
          + " but got " + e, e);
    }
    throw new AssertionError("Expected a VitpException (" + expected + ") for " + call + " but "
        + outcome);
  }

  /** Without the TRAINING capability, asking for a training step fails with UNSUPPORTED. */
  void checkTrainingRefused(long seed) {
    try (BackendSession session = backend.newSession(seed)) {
      VitpException e = expectVitp(() -> session.newStep(StepMode.TRAINING, seed).close());
      assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "A backend without TRAINING must refuse "
          + "a TRAINING step with UNSUPPORTED; got " + e);
    }
  }

  /** Step properties about gradients: a backend without TRAINING must refuse training steps. */
  boolean trainingOrRefused() {
    if (!trains()) {
      checkTrainingRefused(0);
      return false;
    }
    return true;
  }

  void assertOutput(OpCall call, Step step, Tensor out, RefTensor want) {
    assertEquals(Shape.of(want.shape), out.shape(), () -> "Output shape of " + call);
    if (call.op() == Op.ARGMAX) {
      assertEquals(DType.INT32, out.dtype(), () -> "Output dtype of " + call);
      int[] got = step.toInts(out);
      assertArrayEquals(want.toInts(), got, () -> "argmax of " + call + ": got "
          + Arrays.toString(got) + ", want " + Arrays.toString(want.toInts()));
      return;
    }
    assertEquals(DType.FLOAT32, out.dtype(), () -> "Output dtype of " + call);
    assertClose("forward", call, step.toFloats(out), want, test.forwardTolerance(call.op()));
  }

  /** Central differences of {@code sum(reference(inputs) * w)} with respect to input {@code which}. */
  private static RefTensor finiteDifferenceGradient(
      OpCall call, List<RefTensor> inputs, int which, float[] w) {
    RefTensor x = inputs.get(which);
    double[] grad = new double[x.size()];
    List<RefTensor> perturbed = new ArrayList<>(inputs);
    for (int e = 0; e < x.size(); e++) {
      double v = x.get(e);
      perturbed.set(which, x.withElement(e, v + FD_STEP));
      double plus = weightedSum(call.reference(perturbed), w);
      perturbed.set(which, x.withElement(e, v - FD_STEP));
      double minus = weightedSum(call.reference(perturbed), w);
      grad[e] = (plus - minus) / (2 * FD_STEP);
    }
    return RefTensor.of(x.shape, grad);
  }

  private static double weightedSum(RefTensor t, float[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += t.get(i) * w[i];
    }
    return s;
  }

  /** The loss weights W: uniform in [-1, 1], seeded by the call. */
  static float[] weights(int[] shape, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    float[] w = new float[RefTensor.size(shape)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (2 * r.nextDouble() - 1);
    }
    return w;
  }

  /** Asserts element-wise closeness and reports the worst elements with the call. */
  static void assertClose(
      String what, Object call, float[] got, RefTensor want, Tolerance tolerance) {
    assertEquals(want.size(), got.length, () -> what + ": element count of " + call);
    StringBuilder bad = new StringBuilder();
    int failures = 0;
    for (int i = 0; i < got.length; i++) {
      if (!tolerance.accepts(got[i], want.get(i))) {
        if (failures < 6) {
          bad.append("\n  [").append(i).append("] got ").append(got[i]).append(", want ")
              .append(want.get(i));
        }
        failures++;
      }
    }
    if (failures > 0) {
      fail(what + " differs from the reference in " + failures + " of " + got.length
          + " elements (tolerance " + tolerance + ") for " + call + bad);
    }
  }

  static VitpException expectVitp(Runnable action) {
    try {
      action.run();
    } catch (VitpException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("Expected a VitpException but got " + e, e);
    }
    throw new AssertionError("Expected a VitpException but nothing was thrown");
  }

  static VitpException expectUserError(Runnable action, String... fragments) {
    VitpException e = expectVitp(action);
    assertEquals(ErrorCode.USER_ERROR, e.code(), () -> "Code of " + e);
    for (String f : fragments) {
      assertTrue(String.valueOf(e.getMessage()).contains(f),
          () -> "Message should contain '" + f + "': " + e.getMessage());
    }
    return e;
  }

  /** An excluded op's call fails with UNSUPPORTED (for ops called outside an {@link OpCall}). */
  static void assertUnsupported(String what, Runnable action) {
    VitpException e = expectVitp(action);
    assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> what + ": " + e);
  }

  static void assertZeroOrNull(Step step, @Nullable Tensor gradient, String what) {
    if (gradient != null) {
      for (float v : step.toFloats(gradient)) {
        assertEquals(0f, v, what + " must be null or zero");
      }
    }
  }

  static float[] floats(Step step, @Nullable Tensor t) {
    assertNotNull(t, "expected a gradient");
    return step.toFloats(t);
  }
}
