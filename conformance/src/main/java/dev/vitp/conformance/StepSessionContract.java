package dev.vitp.conformance;

import static dev.vitp.conformance.BackendChecks.assertClose;
import static dev.vitp.conformance.BackendChecks.assertZeroOrNull;
import static dev.vitp.conformance.BackendChecks.expectUserError;
import static dev.vitp.conformance.BackendChecks.expectVitp;
import static dev.vitp.conformance.BackendChecks.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Steps and sessions: gradients accumulate across steps and across two {@code backward} calls in
 * one step until {@code zeroGradients}; frozen, later-frozen and unused parameters get a null
 * gradient; {@code backward} without trainable parameters is a no-op; a closed step rejects every
 * call; {@code backward} needs a TRAINING step and a scalar loss; parameters are named, found,
 * listed in order and round-trip; the backend declares its name, capabilities and exclusions.
 * On a backend without TRAINING the gradient properties assert that training is refused.
 */
public interface StepSessionContract extends BackendUnderTest {
  @Property(tries = STEP_TRIES)
  default void gradientsAccumulateAcrossStepsUntilZeroed(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    if (!checks.trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    Gen g = new Gen(seed);
    float[] x = g.floats(shape, Values.ANY);
    float[] w1 = g.floats(shape, Values.ANY);
    float[] w2 = g.floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed)) {
      Parameter p = session.createParameter("x", s, x, true);
      backwardSquareLoss(session, p, w1, seed);
      float[] both = backwardSquareLoss(session, p, w2, seed + 1);
      assertClose("accumulated gradient 2x(w1 + w2)", "x=" + Arrays.toString(x), both,
          squareLossGradient(shape, x, w1, w2), gradientTolerance(Op.MUL));
      session.zeroGradients();
      try (Step step = session.newStep(StepMode.TRAINING, seed + 2)) {
        assertZeroOrNull(step, step.gradient(p), "gradient after zeroGradients");
      }
      float[] once = backwardSquareLoss(session, p, w1, seed + 3);
      assertClose("gradient 2x w1 after zeroGradients", "x=" + Arrays.toString(x), once,
          squareLossGradient(shape, x, w1), gradientTolerance(Op.MUL));
    }
  }

  @Property(tries = STEP_TRIES)
  default void gradientsAccumulateOverTwoBackwardCallsInOneStep(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    if (!checks.trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    Gen g = new Gen(seed);
    float[] x = g.floats(shape, Values.ANY);
    float[] w1 = g.floats(shape, Values.ANY);
    float[] w2 = g.floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter p = session.createParameter("x", s, x, true);
      Tensor xs = step.use(p);
      step.backward(squareLoss(step, xs, w1, s));
      step.backward(squareLoss(step, step.use(p), w2, s));
      Tensor grad = step.gradient(p);
      assertNotNull(grad, "gradient after two backward calls");
      assertClose("gradient 2x(w1 + w2) after two backward calls", "x=" + Arrays.toString(x),
          step.toFloats(grad), squareLossGradient(shape, x, w1, w2), gradientTolerance(Op.MUL));
    }
  }

  @Property(tries = STEP_TRIES)
  default void frozenAndUnusedParametersGetNoGradient(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    if (!checks.trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    Gen g = new Gen(seed);
    float[] x = g.floats(shape, Values.ANY);
    float[] w = g.floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed)) {
      Parameter trainable = session.createParameter("trainable", s, x, true);
      Parameter frozen = session.createParameter("frozen", s, x, false);
      Parameter frozenLater = session.createParameter("frozenLater", s, x, true);
      Parameter unused = session.createParameter("unused", s, x, true);
      frozenLater.setTrainable(false);
      assertFalse(frozen.trainable(), "created frozen");
      assertFalse(frozenLater.trainable(), "frozen by setTrainable(false)");
      try (Step step = session.newStep(StepMode.TRAINING, seed)) {
        Tensor sum = step.math().add(step.math().add(step.use(trainable), step.use(frozen)),
            step.use(frozenLater));
        step.backward(squareLoss(step, sum, w, s));
        assertNull(step.gradient(frozen), "gradient of a parameter created frozen");
        assertNull(step.gradient(frozenLater), "gradient of a parameter frozen by setTrainable");
        assertNull(step.gradient(unused), "gradient of a parameter never used");
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          want[i] = 2.0 * 3 * x[i] * w[i];
        }
        assertClose("gradient of the trainable parameter", "x=" + Arrays.toString(x),
            floats(step, step.gradient(trainable)), RefTensor.of(shape, want),
            gradientTolerance(Op.MUL));
      }
    }
  }

  /** A loss that depends on no trainable parameter back-propagates nothing, without failing. */
  @Property(tries = STEP_TRIES)
  default void backwardWithoutTrainableParametersIsANoOp(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    if (!checks.trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    float[] x = new Gen(seed).floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter frozen = session.createParameter("frozen", s, x, false);
      Tensor loss = step.math().sumAll(step.math().mul(step.use(frozen), step.constant(x, s)));
      step.backward(loss);
      assertNull(step.gradient(frozen), "gradient of a frozen parameter");
    }
  }

  @Property(tries = STEP_TRIES)
  default void closedStepsRejectEveryCall(@ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    float[] x = new float[s.elementCount()];
    try (BackendSession session = checks.backend().newSession(seed)) {
      Parameter p = session.createParameter("p", s, x, true);
      Step step = session.newStep(checks.trains() ? StepMode.TRAINING : StepMode.INFERENCE, seed);
      Tensor t = step.constant(x, s);
      Tensor loss = step.math().sumAll(step.use(p));
      step.close();
      assertTrue(step.isClosed(), "isClosed after close");
      step.close(); // idempotent
      String closed = "closed";
      expectUserError(step::math, closed);
      expectUserError(step::nn, closed);
      expectUserError(step::random, closed);
      expectUserError(() -> step.constant(x, s), closed);
      expectUserError(() -> step.constantInts(new int[x.length], s), closed);
      expectUserError(() -> step.use(p), closed);
      expectUserError(() -> step.toFloats(t), closed);
      expectUserError(() -> step.gradient(p), closed);
      expectUserError(() -> step.assign(p, t), closed);
      if (checks.trains()) {
        expectUserError(() -> step.backward(loss), closed);
      }
      // The session stays usable.
      try (Step next = session.newStep(StepMode.INFERENCE, seed)) {
        assertArrayEquals(x, next.toFloats(next.use(p)), "parameter after a closed step");
      }
    }
  }

  @Property(tries = STEP_TRIES)
  default void backwardNeedsATrainingStepAndAScalarLoss(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    float[] x = new Gen(seed).floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed)) {
      Parameter p = session.createParameter("p", s, x, true);
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        Tensor loss = step.math().sumAll(step.use(p));
        expectUserError(() -> step.backward(loss), "TRAINING", "INFERENCE");
      }
      if (checks.trains()) {
        try (Step step = session.newStep(StepMode.TRAINING, seed)) {
          Shape two = Shape.of(Gen.concatDims(shape, 2));
          Tensor notScalar = step.constant(new float[two.elementCount()], two);
          expectUserError(() -> step.backward(notScalar), "scalar", two.toString());
        }
      }
    }
  }

  @Property(tries = STEP_TRIES)
  default void parametersAreNamedAndRoundTrip(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    Gen g = new Gen(seed);
    float[] a = g.floats(shape, Values.ANY);
    float[] b = g.floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed)) {
      assertEquals(checks.backend().name(), session.backend().name(), "session.backend()");
      assertEquals(seed, session.seed(), "session.seed()");
      Parameter pa = session.createParameter("encoder.layers.0.attn.qkv.weight", s, a, true);
      Parameter pb = session.createParameter("encoder.layers.0.attn.qkv.bias", s, b, false);
      assertEquals("encoder.layers.0.attn.qkv.weight", pa.name());
      assertEquals(s, pa.shape());
      assertTrue(pa.trainable());
      assertFalse(pb.trainable());
      assertSame(pa, session.findParameter("encoder.layers.0.attn.qkv.weight"), "findParameter");
      assertNull(session.findParameter("missing"), "findParameter of an unknown name");
      assertEquals(List.of(pa, pb), session.parameters(), "parameters() in creation order");
      assertArrayEquals(a, pa.read(), "read() after create");
      pa.write(b);
      assertArrayEquals(b, pa.read(), "read() after write");
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        assertArrayEquals(b, step.toFloats(step.use(pa)), "use() after write");
      }
      expectUserError(() -> session.createParameter("encoder.layers.0.attn.qkv.weight", s, a, true),
          "encoder.layers.0.attn.qkv.weight");
      expectUserError(() -> pa.write(new float[s.elementCount() + 1]));
      expectUserError(() -> session.createParameter("short", s, new float[s.elementCount() + 1],
          true));
    }
  }

  /** Declared exclusions name a reason; and the backend rejects them up front. */
  @Example
  default void backendDeclaresItselfClearly() {
    BackendChecks checks = new BackendChecks(this);
    Backend b = checks.backend();
    assertFalse(b.name().isBlank(), "backend name");
    assertTrue(b.capabilities().contains(Capability.INFERENCE), "every backend infers");
    for (Map.Entry<Op, String> e : checks.excludedOps().entrySet()) {
      assertFalse(e.getValue() == null || e.getValue().isBlank(),
          () -> "Exclusion of " + e.getKey() + " needs a reason");
    }
    for (Map.Entry<Op, String> e : b.unsupportedOps().entrySet()) {
      VitpException ex = expectVitp(() -> b.requireOps(List.of(e.getKey()), "the suite"));
      assertEquals(ErrorCode.UNSUPPORTED, ex.code());
      assertTrue(String.valueOf(ex.getMessage()).contains(e.getKey().opName()));
    }
  }

  // =============================================================================== helpers

  private static float[] backwardSquareLoss(BackendSession session, Parameter p, float[] w, long seed) {
    try (Step step = session.newStep(StepMode.TRAINING, seed)) {
      step.backward(squareLoss(step, step.use(p), w, p.shape()));
      Tensor g = step.gradient(p);
      assertNotNull(g, "gradient of a used trainable parameter");
      return step.toFloats(g);
    }
  }

  /** {@code sum(x * x * w)}. */
  private static Tensor squareLoss(Step step, Tensor x, float[] w, Shape s) {
    return step.math().sumAll(step.math().mul(step.math().mul(x, x), step.constant(w, s)));
  }

  private static RefTensor squareLossGradient(int[] shape, float[] x, float[]... ws) {
    double[] g = new double[x.length];
    for (float[] w : ws) {
      for (int i = 0; i < x.length; i++) {
        g[i] += 2.0 * x[i] * w[i];
      }
    }
    return RefTensor.of(shape, g);
  }
}
