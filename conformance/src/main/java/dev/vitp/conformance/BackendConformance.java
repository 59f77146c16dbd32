package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vitp.conformance.Covers.Aspect;
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
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.providers.TypeUsage;
import org.jspecify.annotations.Nullable;

/**
 * The backend conformance suite. A backend's test extends this class and implements {@link
 * #backend()}; jqwik then runs every property below against it:
 *
 * <ul>
 *   <li>for every {@link Op}: a forward property against {@link ReferenceOps} on small random
 *       shapes and values, and a property that malformed calls fail with {@link
 *       ErrorCode#USER_ERROR} naming the op and what it received;
 *   <li>for every differentiable op: the gradient of {@code sumAll(op(inputs) * W)} (W a random
 *       constant) against central finite differences of the same loss on the float64 reference;
 *   <li>random ops (seeded determinism, ranges, statistics, dropout scaling and mask gradient),
 *       tensor round trips (CONSTANT, ASSIGN), and step/session semantics (gradient accumulation,
 *       {@code zeroGradients}, frozen parameters, closed steps, backward outside training);
 *   <li>a coverage guard that fails if an op has no property covering it ({@link Covers}).
 * </ul>
 *
 * <p>Ops in {@link #excludedOps()} (by default the backend's {@link Backend#unsupportedOps()}) are
 * not skipped: each of their properties asserts that calling the op fails with {@link
 * ErrorCode#UNSUPPORTED} naming the op and the backend. Each property try opens its own session.
 */
public abstract class BackendConformance {
  /** Tries per forward and gradient property (shapes are small: dimensions 1 to 5). */
  protected static final int TRIES = 25;
  /** Tries per malformed-call property (these fail before any kernel runs, mostly). */
  protected static final int ERROR_TRIES = 8;
  /** Tries per step/session property. */
  protected static final int STEP_TRIES = 10;

  private static final double FD_STEP = 1e-4;

  private @Nullable Backend backend;

  /** The backend under test. Called once per property; the result is reused for its tries. */
  protected abstract Backend backend();

  /**
   * Ops the suite expects to fail with UNSUPPORTED on this backend. Defaults to {@link
   * Backend#unsupportedOps()}; every op listed here must really be rejected with UNSUPPORTED.
   */
  protected Map<Op, String> excludedOps() {
    return theBackend().unsupportedOps();
  }

  /** Tolerance of forward results against the float64 reference. */
  protected Tolerance forwardTolerance(Op op) {
    return switch (op) {
      // Tight enough to tell exact GELU from the tanh approximation (they differ by up to 5e-4).
      case GELU -> new Tolerance(2e-5, 2e-5);
      default -> new Tolerance(1e-4, 1e-4);
    };
  }

  /** Tolerance of gradients against finite differences of the float64 reference. */
  protected Tolerance gradientTolerance(Op op) {
    return switch (op) {
      case GELU -> new Tolerance(1e-4, 1e-4);
      default -> new Tolerance(1e-3, 1e-3);
    };
  }

  protected final Backend theBackend() {
    Backend b = backend;
    if (b == null) {
      b = backend();
      backend = b;
    }
    return b;
  }

  protected final boolean excluded(Op op) {
    return excludedOps().containsKey(op);
  }

  // ------------------------------------------------------------------------------ providers

  @Provide
  Arbitrary<OpCall> calls(TypeUsage target) {
    return OpCalls.valid(opOf(target));
  }

  @Provide
  Arbitrary<OpCall> malformedCalls(TypeUsage target) {
    return OpCalls.malformed(opOf(target));
  }

  @Provide
  Arbitrary<OpCall> gatherOutOfRange() {
    return OpCalls.gatherOutOfRange();
  }

  @Provide
  Arbitrary<OpCall> crossEntropyOutOfRange() {
    return OpCalls.crossEntropyOutOfRange();
  }

  @Provide
  Arbitrary<OpCall> emptySlices() {
    return OpCalls.emptySlice();
  }

  @Provide
  Arbitrary<int[]> smallShapes() {
    return OpCalls.shapes(0, 4, 4);
  }

  private static Op opOf(TypeUsage target) {
    return target.findAnnotation(OfOp.class).map(OfOp::value).orElseThrow(
        () -> new IllegalStateException("An OpCall parameter needs @OfOp: " + target));
  }

  // ------------------------------------------------------------------------ generic checks

  /** The op's output on the backend matches the reference in shape, dtype and values. */
  protected final void checkForward(OpCall call) {
    if (excluded(call.op())) {
      checkUnsupported(call);
      return;
    }
    RefTensor want = call.reference();
    try (BackendSession session = theBackend().newSession(call.seed());
        Step step = session.newStep(StepMode.INFERENCE, call.seed())) {
      Tensor out = call.runOn(step, call.materialize(step));
      assertOutput(call, step, out, want);
    }
  }

  /**
   * The backend's gradient of {@code sumAll(op(inputs) * W)} with respect to every float input
   * (held as a trainable parameter) matches central finite differences of the reference.
   */
  protected final void checkGradient(OpCall call) {
    if (excluded(call.op())) {
      checkUnsupported(call);
      return;
    }
    if (!theBackend().capabilities().contains(Capability.TRAINING)) {
      checkTrainingRefused(call.seed());
      return;
    }
    RefTensor want = call.reference();
    float[] w = weights(want.shape, call.seed());
    try (BackendSession session = theBackend().newSession(call.seed());
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
            step.toFloats(g), expected, gradientTolerance(call.op()));
      }
    }
  }

  /**
   * The malformed call fails with USER_ERROR whose message names the op ({@code Op [name]}) and
   * the received shapes or values.
   */
  protected final void checkUserError(OpCall call) {
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
  protected final void checkUnsupported(OpCall call) {
    StepMode mode = theBackend().capabilities().contains(Capability.TRAINING)
        ? StepMode.TRAINING : StepMode.INFERENCE;
    VitpException e = expectFailure(call, mode, "UNSUPPORTED, because the op is excluded for "
        + "backend [" + theBackend().name() + "] (" + excludedOps().get(call.op()) + ")");
    String message = String.valueOf(e.getMessage());
    assertEquals(ErrorCode.UNSUPPORTED, e.code(),
        () -> "Op " + call.op() + " is excluded for backend [" + theBackend().name()
            + "], so calling it must fail with UNSUPPORTED; got " + e);
    assertTrue(message.contains("Op [" + call.op().opName() + "]")
        && message.contains(theBackend().name()),
        () -> "UNSUPPORTED message should name op and backend: " + message);
  }

  private VitpException expectFailure(OpCall call, StepMode mode, String expected) {
    String outcome;
    try (BackendSession session = theBackend().newSession(call.seed());
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
  private void checkTrainingRefused(long seed) {
    try (BackendSession session = theBackend().newSession(seed)) {
      VitpException e = expectVitp(() -> session.newStep(StepMode.TRAINING, seed).close());
      assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "A backend without TRAINING must refuse "
          + "a TRAINING step with UNSUPPORTED; got " + e);
    }
  }

  private void assertOutput(OpCall call, Step step, Tensor out, RefTensor want) {
    assertEquals(Shape.of(want.shape), out.shape(), () -> "Output shape of " + call);
    if (call.op() == Op.ARGMAX) {
      assertEquals(DType.INT32, out.dtype(), () -> "Output dtype of " + call);
      int[] got = step.toInts(out);
      assertArrayEquals(want.toInts(), got, () -> "argmax of " + call + ": got "
          + Arrays.toString(got) + ", want " + Arrays.toString(want.toInts()));
      return;
    }
    assertEquals(DType.FLOAT32, out.dtype(), () -> "Output dtype of " + call);
    assertClose("forward", call, step.toFloats(out), want, forwardTolerance(call.op()));
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
  private static float[] weights(int[] shape, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    float[] w = new float[RefTensor.size(shape)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (2 * r.nextDouble() - 1);
    }
    return w;
  }

  /** Asserts element-wise closeness and reports the worst elements with the call. */
  protected static void assertClose(
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

  protected static VitpException expectVitp(Runnable action) {
    try {
      action.run();
    } catch (VitpException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("Expected a VitpException but got " + e, e);
    }
    throw new AssertionError("Expected a VitpException but nothing was thrown");
  }

  protected static VitpException expectUserError(Runnable action, String... fragments) {
    VitpException e = expectVitp(action);
    assertEquals(ErrorCode.USER_ERROR, e.code(), () -> "Code of " + e);
    for (String f : fragments) {
      assertTrue(String.valueOf(e.getMessage()).contains(f),
          () -> "Message should contain '" + f + "': " + e.getMessage());
    }
    return e;
  }

  // ============================================================================ per-op properties

  @Property(tries = TRIES)
  @Covers(value = Op.ADD, aspect = Aspect.FORWARD)
  public final void addForward(@ForAll("calls") @OfOp(Op.ADD) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ADD, aspect = Aspect.GRADIENT)
  public final void addGradient(@ForAll("calls") @OfOp(Op.ADD) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ADD, aspect = Aspect.ERROR)
  public final void addRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.ADD) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SUB, aspect = Aspect.FORWARD)
  public final void subForward(@ForAll("calls") @OfOp(Op.SUB) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SUB, aspect = Aspect.GRADIENT)
  public final void subGradient(@ForAll("calls") @OfOp(Op.SUB) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SUB, aspect = Aspect.ERROR)
  public final void subRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SUB) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MUL, aspect = Aspect.FORWARD)
  public final void mulForward(@ForAll("calls") @OfOp(Op.MUL) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MUL, aspect = Aspect.GRADIENT)
  public final void mulGradient(@ForAll("calls") @OfOp(Op.MUL) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MUL, aspect = Aspect.ERROR)
  public final void mulRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MUL) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.DIV, aspect = Aspect.FORWARD)
  public final void divForward(@ForAll("calls") @OfOp(Op.DIV) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.DIV, aspect = Aspect.GRADIENT)
  public final void divGradient(@ForAll("calls") @OfOp(Op.DIV) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.DIV, aspect = Aspect.ERROR)
  public final void divRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.DIV) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MAXIMUM, aspect = Aspect.FORWARD)
  public final void maximumForward(@ForAll("calls") @OfOp(Op.MAXIMUM) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MAXIMUM, aspect = Aspect.GRADIENT)
  public final void maximumGradient(@ForAll("calls") @OfOp(Op.MAXIMUM) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MAXIMUM, aspect = Aspect.ERROR)
  public final void maximumRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MAXIMUM) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MINIMUM, aspect = Aspect.FORWARD)
  public final void minimumForward(@ForAll("calls") @OfOp(Op.MINIMUM) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MINIMUM, aspect = Aspect.GRADIENT)
  public final void minimumGradient(@ForAll("calls") @OfOp(Op.MINIMUM) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MINIMUM, aspect = Aspect.ERROR)
  public final void minimumRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MINIMUM) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.NEG, aspect = Aspect.FORWARD)
  public final void negForward(@ForAll("calls") @OfOp(Op.NEG) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.NEG, aspect = Aspect.GRADIENT)
  public final void negGradient(@ForAll("calls") @OfOp(Op.NEG) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.NEG, aspect = Aspect.ERROR)
  public final void negRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.NEG) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ABS, aspect = Aspect.FORWARD)
  public final void absForward(@ForAll("calls") @OfOp(Op.ABS) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ABS, aspect = Aspect.GRADIENT)
  public final void absGradient(@ForAll("calls") @OfOp(Op.ABS) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ABS, aspect = Aspect.ERROR)
  public final void absRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.ABS) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.EXP, aspect = Aspect.FORWARD)
  public final void expForward(@ForAll("calls") @OfOp(Op.EXP) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.EXP, aspect = Aspect.GRADIENT)
  public final void expGradient(@ForAll("calls") @OfOp(Op.EXP) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.EXP, aspect = Aspect.ERROR)
  public final void expRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.EXP) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LOG, aspect = Aspect.FORWARD)
  public final void logForward(@ForAll("calls") @OfOp(Op.LOG) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LOG, aspect = Aspect.GRADIENT)
  public final void logGradient(@ForAll("calls") @OfOp(Op.LOG) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.LOG, aspect = Aspect.ERROR)
  public final void logRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.LOG) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SQRT, aspect = Aspect.FORWARD)
  public final void sqrtForward(@ForAll("calls") @OfOp(Op.SQRT) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SQRT, aspect = Aspect.GRADIENT)
  public final void sqrtGradient(@ForAll("calls") @OfOp(Op.SQRT) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SQRT, aspect = Aspect.ERROR)
  public final void sqrtRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SQRT) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.TANH, aspect = Aspect.FORWARD)
  public final void tanhForward(@ForAll("calls") @OfOp(Op.TANH) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.TANH, aspect = Aspect.GRADIENT)
  public final void tanhGradient(@ForAll("calls") @OfOp(Op.TANH) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.TANH, aspect = Aspect.ERROR)
  public final void tanhRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.TANH) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SIGMOID, aspect = Aspect.FORWARD)
  public final void sigmoidForward(@ForAll("calls") @OfOp(Op.SIGMOID) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SIGMOID, aspect = Aspect.GRADIENT)
  public final void sigmoidGradient(@ForAll("calls") @OfOp(Op.SIGMOID) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SIGMOID, aspect = Aspect.ERROR)
  public final void sigmoidRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SIGMOID) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MUL_SCALAR, aspect = Aspect.FORWARD)
  public final void mulScalarForward(@ForAll("calls") @OfOp(Op.MUL_SCALAR) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MUL_SCALAR, aspect = Aspect.GRADIENT)
  public final void mulScalarGradient(@ForAll("calls") @OfOp(Op.MUL_SCALAR) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MUL_SCALAR, aspect = Aspect.ERROR)
  public final void mulScalarRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MUL_SCALAR) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ADD_SCALAR, aspect = Aspect.FORWARD)
  public final void addScalarForward(@ForAll("calls") @OfOp(Op.ADD_SCALAR) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ADD_SCALAR, aspect = Aspect.GRADIENT)
  public final void addScalarGradient(@ForAll("calls") @OfOp(Op.ADD_SCALAR) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ADD_SCALAR, aspect = Aspect.ERROR)
  public final void addScalarRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.ADD_SCALAR) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MATMUL, aspect = Aspect.FORWARD)
  public final void matmulForward(@ForAll("calls") @OfOp(Op.MATMUL) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MATMUL, aspect = Aspect.GRADIENT)
  public final void matmulGradient(@ForAll("calls") @OfOp(Op.MATMUL) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MATMUL, aspect = Aspect.ERROR)
  public final void matmulRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MATMUL) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.TRANSPOSE, aspect = Aspect.FORWARD)
  public final void transposeForward(@ForAll("calls") @OfOp(Op.TRANSPOSE) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.TRANSPOSE, aspect = Aspect.GRADIENT)
  public final void transposeGradient(@ForAll("calls") @OfOp(Op.TRANSPOSE) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.TRANSPOSE, aspect = Aspect.ERROR)
  public final void transposeRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.TRANSPOSE) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RESHAPE, aspect = Aspect.FORWARD)
  public final void reshapeForward(@ForAll("calls") @OfOp(Op.RESHAPE) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RESHAPE, aspect = Aspect.GRADIENT)
  public final void reshapeGradient(@ForAll("calls") @OfOp(Op.RESHAPE) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.RESHAPE, aspect = Aspect.ERROR)
  public final void reshapeRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.RESHAPE) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SUM, aspect = Aspect.FORWARD)
  public final void sumForward(@ForAll("calls") @OfOp(Op.SUM) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SUM, aspect = Aspect.GRADIENT)
  public final void sumGradient(@ForAll("calls") @OfOp(Op.SUM) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SUM, aspect = Aspect.ERROR)
  public final void sumRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SUM) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MEAN, aspect = Aspect.FORWARD)
  public final void meanForward(@ForAll("calls") @OfOp(Op.MEAN) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MEAN, aspect = Aspect.GRADIENT)
  public final void meanGradient(@ForAll("calls") @OfOp(Op.MEAN) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MEAN, aspect = Aspect.ERROR)
  public final void meanRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MEAN) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MAX, aspect = Aspect.FORWARD)
  public final void maxForward(@ForAll("calls") @OfOp(Op.MAX) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.MAX, aspect = Aspect.GRADIENT)
  public final void maxGradient(@ForAll("calls") @OfOp(Op.MAX) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.MAX, aspect = Aspect.ERROR)
  public final void maxRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.MAX) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONCAT, aspect = Aspect.FORWARD)
  public final void concatForward(@ForAll("calls") @OfOp(Op.CONCAT) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONCAT, aspect = Aspect.GRADIENT)
  public final void concatGradient(@ForAll("calls") @OfOp(Op.CONCAT) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CONCAT, aspect = Aspect.ERROR)
  public final void concatRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.CONCAT) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SLICE, aspect = Aspect.FORWARD)
  public final void sliceForward(@ForAll("calls") @OfOp(Op.SLICE) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SLICE, aspect = Aspect.GRADIENT)
  public final void sliceGradient(@ForAll("calls") @OfOp(Op.SLICE) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SLICE, aspect = Aspect.ERROR)
  public final void sliceRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SLICE) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.GATHER, aspect = Aspect.FORWARD)
  public final void gatherForward(@ForAll("calls") @OfOp(Op.GATHER) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.GATHER, aspect = Aspect.GRADIENT)
  public final void gatherGradient(@ForAll("calls") @OfOp(Op.GATHER) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.GATHER, aspect = Aspect.ERROR)
  public final void gatherRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.GATHER) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ARGMAX, aspect = Aspect.FORWARD)
  public final void argmaxForward(@ForAll("calls") @OfOp(Op.ARGMAX) OpCall call) {
    checkForward(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ARGMAX, aspect = Aspect.ERROR)
  public final void argmaxRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.ARGMAX) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LINEAR, aspect = Aspect.FORWARD)
  public final void linearForward(@ForAll("calls") @OfOp(Op.LINEAR) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LINEAR, aspect = Aspect.GRADIENT)
  public final void linearGradient(@ForAll("calls") @OfOp(Op.LINEAR) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.LINEAR, aspect = Aspect.ERROR)
  public final void linearRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.LINEAR) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LAYER_NORM, aspect = Aspect.FORWARD)
  public final void layerNormForward(@ForAll("calls") @OfOp(Op.LAYER_NORM) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LAYER_NORM, aspect = Aspect.GRADIENT)
  public final void layerNormGradient(@ForAll("calls") @OfOp(Op.LAYER_NORM) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.LAYER_NORM, aspect = Aspect.ERROR)
  public final void layerNormRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.LAYER_NORM) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.GELU, aspect = Aspect.FORWARD)
  public final void geluForward(@ForAll("calls") @OfOp(Op.GELU) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.GELU, aspect = Aspect.GRADIENT)
  public final void geluGradient(@ForAll("calls") @OfOp(Op.GELU) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.GELU, aspect = Aspect.ERROR)
  public final void geluRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.GELU) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RELU, aspect = Aspect.FORWARD)
  public final void reluForward(@ForAll("calls") @OfOp(Op.RELU) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RELU, aspect = Aspect.GRADIENT)
  public final void reluGradient(@ForAll("calls") @OfOp(Op.RELU) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.RELU, aspect = Aspect.ERROR)
  public final void reluRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.RELU) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SOFTMAX, aspect = Aspect.FORWARD)
  public final void softmaxForward(@ForAll("calls") @OfOp(Op.SOFTMAX) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.SOFTMAX, aspect = Aspect.GRADIENT)
  public final void softmaxGradient(@ForAll("calls") @OfOp(Op.SOFTMAX) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SOFTMAX, aspect = Aspect.ERROR)
  public final void softmaxRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.SOFTMAX) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LOG_SOFTMAX, aspect = Aspect.FORWARD)
  public final void logSoftmaxForward(@ForAll("calls") @OfOp(Op.LOG_SOFTMAX) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.LOG_SOFTMAX, aspect = Aspect.GRADIENT)
  public final void logSoftmaxGradient(@ForAll("calls") @OfOp(Op.LOG_SOFTMAX) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.LOG_SOFTMAX, aspect = Aspect.ERROR)
  public final void logSoftmaxRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.LOG_SOFTMAX) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ATTENTION, aspect = Aspect.FORWARD)
  public final void attentionForward(@ForAll("calls") @OfOp(Op.ATTENTION) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.ATTENTION, aspect = Aspect.GRADIENT)
  public final void attentionGradient(@ForAll("calls") @OfOp(Op.ATTENTION) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ATTENTION, aspect = Aspect.ERROR)
  public final void attentionRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.ATTENTION) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONV2D, aspect = Aspect.FORWARD)
  public final void conv2dForward(@ForAll("calls") @OfOp(Op.CONV2D) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONV2D, aspect = Aspect.GRADIENT)
  public final void conv2dGradient(@ForAll("calls") @OfOp(Op.CONV2D) OpCall call) {
    checkGradient(call);
  }

  /**
   * A fixed case that libtorch 2.7.1's own convolution got wrong on an AMD EPYC with AVX-512:
   * with two images in the batch its input gradient was 0.0 where 0.124 is right.
   */
  @Example
  @Covers(value = Op.CONV2D, aspect = Aspect.GRADIENT)
  public final void conv2dGradientOfABatchOfTwoImages() {
    checkGradient(OpCalls.convCall(Op.CONV2D, 0, Shape.of(2, 1, 1, 1),
        new float[] {1.8835279f, -0.69069695f}, Shape.of(1, 1, 2, 2),
        new float[] {1.0861862f, 1.8081228f, 1.0441377f, 0.22067006f},
        new float[] {0.073928736f}, 2, 1));
    checkGradient(OpCalls.convCall(Op.CONV2D, 3, Shape.of(3, 2, 4, 5), ramp(120, 0.37f),
        Shape.of(2, 2, 3, 3), ramp(36, -0.53f), null, 2, 1));
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CONV2D, aspect = Aspect.ERROR)
  public final void conv2dRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.CONV2D) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONV_TRANSPOSE2D, aspect = Aspect.FORWARD)
  public final void convTranspose2dForward(@ForAll("calls") @OfOp(Op.CONV_TRANSPOSE2D) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CONV_TRANSPOSE2D, aspect = Aspect.GRADIENT)
  public final void convTranspose2dGradient(@ForAll("calls") @OfOp(Op.CONV_TRANSPOSE2D) OpCall call) {
    checkGradient(call);
  }

  /** The transposed convolution of a batch of two images (see the conv2d case above). */
  @Example
  @Covers(value = Op.CONV_TRANSPOSE2D, aspect = Aspect.GRADIENT)
  public final void convTranspose2dGradientOfABatchOfTwoImages() {
    checkGradient(OpCalls.convCall(Op.CONV_TRANSPOSE2D, 0, Shape.of(2, 1, 2, 2), ramp(8, 0.61f),
        Shape.of(1, 2, 3, 3), ramp(18, -0.29f), new float[] {0.1f, -0.2f}, 2, 1));
  }

  /** Deterministic values in [-1, 1) for fixed cases: a sawtooth with the given phase step. */
  private static float[] ramp(int count, float step) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      double v = (i + 1) * step;
      values[i] = (float) (2 * (v - Math.floor(v)) - 1);
    }
    return values;
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CONV_TRANSPOSE2D, aspect = Aspect.ERROR)
  public final void convTranspose2dRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.CONV_TRANSPOSE2D) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RESIZE_BILINEAR, aspect = Aspect.FORWARD)
  public final void resizeBilinearForward(@ForAll("calls") @OfOp(Op.RESIZE_BILINEAR) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.RESIZE_BILINEAR, aspect = Aspect.GRADIENT)
  public final void resizeBilinearGradient(@ForAll("calls") @OfOp(Op.RESIZE_BILINEAR) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.RESIZE_BILINEAR, aspect = Aspect.ERROR)
  public final void resizeBilinearRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.RESIZE_BILINEAR) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.FORWARD)
  public final void crossEntropyForward(@ForAll("calls") @OfOp(Op.CROSS_ENTROPY) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.GRADIENT)
  public final void crossEntropyGradient(@ForAll("calls") @OfOp(Op.CROSS_ENTROPY) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.ERROR)
  public final void crossEntropyRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.CROSS_ENTROPY) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.UNIFORM, aspect = Aspect.FORWARD)
  public final void uniformForward(@ForAll("calls") @OfOp(Op.UNIFORM) OpCall call) {
    checkForward(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.UNIFORM, aspect = Aspect.ERROR)
  public final void uniformRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.UNIFORM) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.NORMAL, aspect = Aspect.FORWARD)
  public final void normalForward(@ForAll("calls") @OfOp(Op.NORMAL) OpCall call) {
    checkForward(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.NORMAL, aspect = Aspect.ERROR)
  public final void normalRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.NORMAL) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.BERNOULLI, aspect = Aspect.FORWARD)
  public final void bernoulliForward(@ForAll("calls") @OfOp(Op.BERNOULLI) OpCall call) {
    checkForward(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.BERNOULLI, aspect = Aspect.ERROR)
  public final void bernoulliRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.BERNOULLI) OpCall call) {
    checkUserError(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.DROPOUT, aspect = Aspect.FORWARD)
  public final void dropoutForward(@ForAll("calls") @OfOp(Op.DROPOUT) OpCall call) {
    checkForward(call);
  }

  @Property(tries = TRIES)
  @Covers(value = Op.DROPOUT, aspect = Aspect.GRADIENT)
  public final void dropoutGradient(@ForAll("calls") @OfOp(Op.DROPOUT) OpCall call) {
    checkGradient(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.DROPOUT, aspect = Aspect.ERROR)
  public final void dropoutRejectsMalformedCalls(@ForAll("malformedCalls") @OfOp(Op.DROPOUT) OpCall call) {
    checkUserError(call);
  }

  // ===================================================== kernel-side errors and tie semantics

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.GATHER, aspect = Aspect.ERROR)
  public final void gatherRejectsIndicesOutOfRange(@ForAll("gatherOutOfRange") OpCall call) {
    checkUserError(call);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.ERROR)
  public final void crossEntropyRejectsTargetsOutOfRange(
      @ForAll("crossEntropyOutOfRange") OpCall call) {
    checkUserError(call);
  }

  /** {@code start == end} gives an empty tensor; its (all-zero) gradient still flows. */
  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.SLICE, aspect = Aspect.FORWARD)
  @Covers(value = Op.SLICE, aspect = Aspect.GRADIENT)
  public final void sliceOfAnEmptyRange(@ForAll("emptySlices") OpCall call) {
    checkForward(call);
    checkGradient(call);
  }

  /** When every target is ignored the loss is 0 (not NaN) and the logits get no gradient. */
  @Property(tries = STEP_TRIES)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.FORWARD)
  @Covers(value = Op.CROSS_ENTROPY, aspect = Aspect.GRADIENT)
  public final void crossEntropyOfOnlyIgnoredTargetsIsZero(
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 4) int c,
      @ForAll long seed) {
    OpCall call = OpCall.of(Op.CROSS_ENTROPY, seed)
        .floats("logits", Shape.of(n, c), new OpCalls.Gen(seed).floats(new int[] {n, c},
            OpCalls.Values.ANY))
        .ints("targets", Shape.of(n), filled(n, -100))
        .attribute("ignoreIndex", -100)
        .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), -100))
        .reference(in -> ReferenceOps.crossEntropy(in.get(0), in.get(1), -100))
        .build();
    checkForward(call);
    if (excluded(Op.CROSS_ENTROPY) || !trains()) {
      return; // checkForward asserted UNSUPPORTED; training is covered by checkGradient
    }
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter logits = session.createParameter("logits", Shape.of(n, c),
          call.inputs().get(0).floats(), true);
      Tensor loss = step.nn().crossEntropy(step.use(logits),
          step.constantInts(filled(n, -100), Shape.of(n)), -100);
      assertEquals(0f, step.item(loss), "loss of only ignored targets");
      step.backward(loss);
      assertZeroOrNull(step, step.gradient(logits), "gradient of only ignored targets");
    }
  }

  /** maximum/minimum on ties: the gradient goes to {@code a} where {@code a >= b} (resp. {@code <=}). */
  @Property(tries = TRIES)
  @Covers(value = Op.MAXIMUM, aspect = Aspect.GRADIENT)
  @Covers(value = Op.MINIMUM, aspect = Aspect.GRADIENT)
  public final void maximumAndMinimumSendTiedGradientsToA(
      @ForAll("smallShapes") int[] shape, @ForAll boolean maximum, @ForAll long seed) {
    Op op = maximum ? Op.MAXIMUM : Op.MINIMUM;
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] a = g.floats(shape, OpCalls.Values.GRID);
    float[] b = g.floats(shape, OpCalls.Values.GRID);
    for (int i = 0; i < a.length; i += 2) {
      b[i] = a[i]; // at least every other element ties
    }
    if (excluded(op) || !trains()) {
      checkForward(OpCall.of(op, seed).floats("a", Shape.of(shape), a)
          .floats("b", Shape.of(shape), b)
          .backend((s, t) -> OpCalls.binaryOn(op, s.math(), t.get(0), t.get(1)))
          .reference(in -> OpCalls.binaryRef(op, in.get(0), in.get(1))).build());
      return;
    }
    float[] w = weights(shape, seed);
    double[] wantA = new double[a.length];
    double[] wantB = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      boolean toA = maximum ? a[i] >= b[i] : a[i] <= b[i];
      wantA[i] = toA ? w[i] : 0;
      wantB[i] = toA ? 0 : w[i];
    }
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter pa = session.createParameter("a", Shape.of(shape), a, true);
      Parameter pb = session.createParameter("b", Shape.of(shape), b, true);
      Tensor out = OpCalls.binaryOn(op, step.math(), step.use(pa), step.use(pb));
      step.backward(step.math().sumAll(step.math().mul(out, step.constant(w, Shape.of(shape)))));
      String call = op.opName() + "(a=" + Arrays.toString(a) + ", b=" + Arrays.toString(b)
          + ") W=" + Arrays.toString(w);
      assertClose("gradient of a", call, floats(step, step.gradient(pa)),
          RefTensor.of(shape, wantA), gradientTolerance(op));
      assertClose("gradient of b", call, floats(step, step.gradient(pb)),
          RefTensor.of(shape, wantB), gradientTolerance(op));
    }
  }

  /** max along an axis with ties: the gradient goes to the first maximal element only. */
  @Property(tries = TRIES)
  @Covers(value = Op.MAX, aspect = Aspect.GRADIENT)
  public final void maxSendsTiedGradientToFirstMaximum(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    if (shape.length == 0) {
      shape = new int[] {3};
    }
    OpCalls.Gen g = new OpCalls.Gen(seed);
    int axis = g.axis(shape.length);
    boolean keepDims = g.nextBoolean();
    float[] x = new float[RefTensor.size(shape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5f * g.nextInt(3); // {0, 0.5, 1}: many ties
    }
    RefTensor rx = RefTensor.of(shape, toDoubles(x));
    RefTensor want = ReferenceOps.max(rx, axis, keepDims);
    OpCall call = OpCall.of(Op.MAX, seed).floats("x", Shape.of(shape), x)
        .attribute("axis", axis).attribute("keepDims", keepDims)
        .backend((s, t) -> s.math().max(t.get(0), axis, keepDims))
        .reference(in -> ReferenceOps.max(in.get(0), axis, keepDims)).build();
    if (excluded(Op.MAX) || !trains()) {
      checkForward(call);
      return;
    }
    float[] w = weights(want.shape, seed);
    // Expected: W routed to the first argmax along the axis.
    int ax = Math.floorMod(axis, shape.length);
    int outer = ReferenceOps.prod(shape, 0, ax);
    int inner = ReferenceOps.prod(shape, ax + 1, shape.length);
    int len = shape[ax];
    RefTensor arg = ReferenceOps.argmax(rx, axis);
    double[] expected = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int j = (int) arg.get(o * inner + i);
        expected[(o * len + j) * inner + i] = w[o * inner + i];
      }
    }
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter p = session.createParameter("x", Shape.of(shape), x, true);
      Tensor out = call.runOn(step, List.of(step.use(p)));
      assertOutput(call, step, out, want);
      step.backward(step.math().sumAll(step.math().mul(out, step.constant(w, Shape.of(want.shape)))));
      assertClose("gradient (to the first maximum) W=" + Arrays.toString(w), call,
          floats(step, step.gradient(p)), RefTensor.of(shape, expected), gradientTolerance(Op.MAX));
    }
  }

  /** argmax with ties returns the first maximal index. */
  @Property(tries = TRIES)
  @Covers(value = Op.ARGMAX, aspect = Aspect.FORWARD)
  public final void argmaxReturnsFirstMaximumOnTies(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    int[] s = shape.length == 0 ? new int[] {4} : shape;
    OpCalls.Gen g = new OpCalls.Gen(seed);
    int axis = g.axis(s.length);
    float[] x = new float[RefTensor.size(s)];
    for (int i = 0; i < x.length; i++) {
      x[i] = g.nextInt(2);
    }
    checkForward(OpCall.of(Op.ARGMAX, seed).floats("x", Shape.of(s), x)
        .attribute("axis", axis)
        .backend((st, t) -> st.math().argmax(t.get(0), axis))
        .reference(in -> ReferenceOps.argmax(in.get(0), axis)).build());
  }

  // ================================================================== random ops: statistics

  /** Equal step seeds give equal numbers, across sessions with different session seeds. */
  @Property(tries = STEP_TRIES)
  @Covers(value = Op.UNIFORM, aspect = Aspect.FORWARD)
  @Covers(value = Op.NORMAL, aspect = Aspect.FORWARD)
  @Covers(value = Op.BERNOULLI, aspect = Aspect.FORWARD)
  @Covers(value = Op.DROPOUT, aspect = Aspect.FORWARD)
  public final void randomOpsAreDeterministicInTheStepSeed(
      @ForAll("smallShapes") int[] shape, @ForAll long stepSeed, @ForAll long sessionSeed) {
    Shape s = Shape.of(shape);
    float[] x = new OpCalls.Gen(stepSeed).floats(shape, OpCalls.Values.AWAY_FROM_ZERO);
    for (Op op : List.of(Op.UNIFORM, Op.NORMAL, Op.BERNOULLI, Op.DROPOUT)) {
      if (excluded(op)) {
        continue; // asserted UNSUPPORTED by the op's own forward property
      }
      float[][] runs = new float[3][];
      long[] sessionSeeds = {sessionSeed, ~sessionSeed, sessionSeed};
      long[] stepSeeds = {stepSeed, stepSeed, stepSeed + 1};
      for (int r = 0; r < 3; r++) {
        try (BackendSession session = theBackend().newSession(sessionSeeds[r]);
            Step step = session.newStep(StepMode.INFERENCE, stepSeeds[r])) {
          Tensor t = switch (op) {
            case UNIFORM -> step.random().uniform(s, -1f, 1f);
            case NORMAL -> step.random().normal(s, 0f, 1f);
            case BERNOULLI -> step.random().bernoulli(s, 0.5f);
            default -> step.random().dropout(step.constant(x, s), 0.5f);
          };
          runs[r] = step.toFloats(t);
        }
      }
      assertArrayEquals(runs[0], runs[1], op.opName() + ": same step seed, different sessions");
      if (runs[0].length >= 64) {
        assertFalse(Arrays.equals(runs[0], runs[2]), op.opName() + ": different step seeds");
      }
    }
  }

  @Property(tries = STEP_TRIES)
  @Covers(value = Op.UNIFORM, aspect = Aspect.FORWARD)
  @Covers(value = Op.NORMAL, aspect = Aspect.FORWARD)
  @Covers(value = Op.BERNOULLI, aspect = Aspect.FORWARD)
  public final void randomOpsHaveTheirRangeAndMoments(@ForAll long seed) {
    OpCalls.Gen g = new OpCalls.Gen(seed);
    int n = 4096;
    Shape s = Shape.of(64, 64);
    float low = g.uniform(-3, 3);
    float high = low + g.uniform(0.01, 4);
    float mean = g.uniform(-3, 3);
    float std = g.uniform(0.01, 3);
    float p = g.uniform(0.05, 0.95);
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      if (!excluded(Op.UNIFORM)) {
        float[] u = step.toFloats(step.random().uniform(s, low, high));
        for (float v : u) {
          assertTrue(v >= low && v < high, "uniform value " + v + " outside [" + low + ", " + high + ")");
        }
        double sigma = (high - low) / Math.sqrt(12.0 * n);
        assertEquals((low + high) / 2.0, meanOf(u), 6 * sigma, "uniform mean");
        // A range a few float32 steps wide: rounding to float must not reach the open bound.
        float narrowLow = 1000f;
        float narrowHigh = Math.nextUp(Math.nextUp(Math.nextUp(narrowLow)));
        for (float v : step.toFloats(step.random().uniform(s, narrowLow, narrowHigh))) {
          assertTrue(v >= narrowLow && v < narrowHigh,
              "uniform value " + v + " outside [" + narrowLow + ", " + narrowHigh + ")");
        }
      }
      if (!excluded(Op.NORMAL)) {
        float[] v = step.toFloats(step.random().normal(s, mean, std));
        assertEquals(mean, meanOf(v), 6 * std / Math.sqrt(n), "normal mean");
        assertEquals(std, stdOf(v), 0.1 * std, "normal std");
      }
      if (!excluded(Op.BERNOULLI)) {
        float[] b = step.toFloats(step.random().bernoulli(s, p));
        for (float v : b) {
          assertTrue(v == 0f || v == 1f, "bernoulli value " + v);
        }
        assertEquals(p, meanOf(b), 6 * Math.sqrt(p * (1 - p) / n), "bernoulli frequency");
      }
    }
  }

  /**
   * Inverted dropout: each output is 0 or {@code x / (1 - p)}, about {@code 1 - p} of them kept;
   * the gradient is {@code W / (1 - p)} through kept elements and 0 through dropped ones; {@code p
   * = 0} is the identity.
   */
  @Property(tries = STEP_TRIES)
  @Covers(value = Op.DROPOUT, aspect = Aspect.FORWARD)
  @Covers(value = Op.DROPOUT, aspect = Aspect.GRADIENT)
  public final void dropoutScalesKeptElementsAndRoutesGradientThroughThem(
      @ForAll @IntRange(min = 0, max = 9) int tenthP, @ForAll long seed) {
    float p = tenthP / 10f;
    int n = 2048;
    Shape s = Shape.of(32, 64);
    float[] x = new OpCalls.Gen(seed).floats(new int[] {32, 64}, OpCalls.Values.AWAY_FROM_ZERO);
    OpCall call = OpCall.of(Op.DROPOUT, seed).floats("x", s, x).attribute("p", p)
        .backend((st, t) -> st.random().dropout(t.get(0), p))
        .reference(in -> ReferenceOps.dropout(new SplittableRandom(seed), in.get(0), p)).build();
    if (excluded(Op.DROPOUT) || !trains()) {
      checkForward(call);
      return;
    }
    float[] w = weights(s.dims(), seed);
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter px = session.createParameter("x", s, x, true);
      Tensor y = step.random().dropout(step.use(px), p);
      float[] out = step.toFloats(y);
      step.backward(step.math().sumAll(step.math().mul(y, step.constant(w, s))));
      float[] grad = floats(step, step.gradient(px));
      double scale = 1.0 / (1.0 - p);
      int kept = 0;
      for (int i = 0; i < n; i++) {
        boolean k = out[i] != 0f;
        kept += k ? 1 : 0;
        if (k) {
          assertEquals(x[i] * scale, out[i], 1e-5 * Math.abs(x[i] * scale) + 1e-6,
              "kept element " + i + " is x/(1-p) for p=" + p);
        }
        assertEquals(k ? w[i] * scale : 0.0, grad[i], 1e-5 + 1e-5 * scale,
            "gradient of element " + i + (k ? " (kept)" : " (dropped)") + " for p=" + p);
      }
      if (p == 0f) {
        assertArrayEquals(x, out, "dropout with p=0 is the identity");
      }
      double keep = 1 - p;
      assertEquals(keep, kept / (double) n, 6 * Math.sqrt(keep * (1 - keep) / n) + 1e-9,
          "fraction kept for p=" + p);
    }
  }

  // ================================================================ tensor ops: CONSTANT, ASSIGN

  /** Float and int tensors round-trip bit for bit, for every rank (scalars, empty tensors too). */
  @Property(tries = TRIES)
  @Covers(value = Op.CONSTANT, aspect = Aspect.FORWARD)
  public final void constantsRoundTrip(
      @ForAll("constantShapes") int[] shape, @ForAll long seed, @ForAll boolean training) {
    Shape s = Shape.of(shape);
    SplittableRandom r = new SplittableRandom(seed);
    float[] specials = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, 1e-40f, 0.1f};
    float[] f = new float[s.elementCount()];
    int[] ints = new int[s.elementCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = r.nextInt(3) == 0 ? specials[r.nextInt(specials.length)]
          : Float.intBitsToFloat(r.nextInt());
      ints[i] = r.nextInt(4) == 0 ? new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[r.nextInt(4)]
          : r.nextInt();
    }
    if (excluded(Op.CONSTANT)) {
      try (BackendSession session = theBackend().newSession(seed);
          Step step = session.newStep(StepMode.INFERENCE, seed)) {
        VitpException e = expectVitp(() -> step.constant(f, s));
        assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "excluded constant: " + e);
      }
      return;
    }
    StepMode mode = training && trains() ? StepMode.TRAINING : StepMode.INFERENCE;
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(mode, seed)) {
      Tensor tf = step.constant(f, s);
      Tensor ti = step.constantInts(ints, s);
      assertEquals(s, tf.shape(), "float constant shape");
      assertEquals(DType.FLOAT32, tf.dtype(), "float constant dtype");
      assertEquals(s, ti.shape(), "int constant shape");
      assertEquals(DType.INT32, ti.dtype(), "int constant dtype");
      float[] back = step.toFloats(tf);
      assertEquals(f.length, back.length, "float element count");
      for (int i = 0; i < f.length; i++) {
        int want = Float.floatToIntBits(f[i]);
        int got = Float.floatToIntBits(back[i]);
        int at = i;
        assertEquals(want, got, () -> "float element " + at + " of " + s + ": wrote " + f[at]
            + " (bits " + Integer.toHexString(Float.floatToRawIntBits(f[at])) + "), read "
            + back[at]);
      }
      assertArrayEquals(ints, step.toInts(ti), "int constant of shape " + s);
    }
  }

  @Provide
  Arbitrary<int[]> constantShapes() {
    return Arbitraries.integers().between(0, 4).array(int[].class).ofMaxSize(4);
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.CONSTANT, aspect = Aspect.ERROR)
  public final void constantsRejectWrongLengthsAndDtypes(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    int n = s.elementCount();
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      if (excluded(Op.CONSTANT)) {
        VitpException e = expectVitp(() -> step.constant(new float[n], s));
        assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "excluded constant: " + e);
        return;
      }
      expectUserError(() -> step.constant(new float[n + 1], s), "Op [constant]", s.toString(),
          "values=" + (n + 1));
      expectUserError(() -> step.constantInts(new int[n + 1], s), "Op [constantInts]",
          s.toString(), "values=" + (n + 1));
      Tensor ints = step.constantInts(new int[n], s);
      Tensor floats = step.constant(new float[n], s);
      expectUserError(() -> step.toFloats(ints), "INT32", s.toString());
      expectUserError(() -> step.toInts(floats), "FLOAT32", s.toString());
    }
  }

  /**
   * After {@code assign}, the parameter holds the value: {@link Parameter#read()}, and {@code use}
   * in a later step, return it. Also as an optimizer does it: value computed from the gradient.
   */
  @Property(tries = STEP_TRIES)
  @Covers(value = Op.ASSIGN, aspect = Aspect.FORWARD)
  public final void assignThenRead(@ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] initial = g.floats(shape, OpCalls.Values.ANY);
    float[] next = g.floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed)) {
      Parameter p = session.createParameter("w", s, initial, true);
      assertArrayEquals(initial, p.read(), "read() after createParameter");
      if (excluded(Op.ASSIGN)) {
        try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
          VitpException e = expectVitp(() -> step.assign(p, step.constant(next, s)));
          assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "excluded assign: " + e);
        }
        return;
      }
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        step.assign(p, step.constant(next, s));
      }
      assertArrayEquals(next, p.read(), "read() after assign");
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        assertArrayEquals(next, step.toFloats(step.use(p)), "use() in the step after assign");
      }
      if (!trains()) {
        return;
      }
      // SGD as an optimizer runs it: w <- w - 0.5 * grad with loss = sum(w * w), grad = 2w.
      try (Step step = session.newStep(StepMode.TRAINING, seed)) {
        Tensor w = step.use(p);
        step.backward(step.math().sumAll(step.math().mul(w, w)));
        Tensor grad = step.gradient(p);
        assertNotNull(grad, "gradient of a used trainable parameter");
        step.assign(p, step.math().sub(w, step.math().mulScalar(grad, 0.5f)));
      }
      float[] after = p.read();
      for (int i = 0; i < after.length; i++) {
        assertEquals(0f, after[i], 1e-6, "w - 0.5 * 2w at " + i);
      }
    }
  }

  @Property(tries = ERROR_TRIES)
  @Covers(value = Op.ASSIGN, aspect = Aspect.ERROR)
  public final void assignRejectsMismatchedValues(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    Shape other = Shape.of(OpCalls.concatDims(shape, 2));
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      Parameter p = session.createParameter("w", s, new float[s.elementCount()], true);
      Tensor wrongShape = step.constant(new float[other.elementCount()], other);
      Tensor wrongType = step.constantInts(new int[s.elementCount()], s);
      if (excluded(Op.ASSIGN)) {
        VitpException e = expectVitp(() -> step.assign(p, wrongShape));
        assertEquals(ErrorCode.UNSUPPORTED, e.code(), () -> "excluded assign: " + e);
        return;
      }
      expectUserError(() -> step.assign(p, wrongShape), "Op [assign]", "parameterShape=" + s,
          "valueShape=" + other);
      expectUserError(() -> step.assign(p, wrongType), "Op [assign]", "INT32");
    }
  }

  // ========================================================================= step and session

  @Property(tries = STEP_TRIES)
  public final void gradientsAccumulateAcrossStepsUntilZeroed(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    if (!trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] x = g.floats(shape, OpCalls.Values.ANY);
    float[] w1 = g.floats(shape, OpCalls.Values.ANY);
    float[] w2 = g.floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed)) {
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
  public final void gradientsAccumulateOverTwoBackwardCallsInOneStep(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    if (!trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] x = g.floats(shape, OpCalls.Values.ANY);
    float[] w1 = g.floats(shape, OpCalls.Values.ANY);
    float[] w2 = g.floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed);
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
  public final void frozenAndUnusedParametersGetNoGradient(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    if (!trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] x = g.floats(shape, OpCalls.Values.ANY);
    float[] w = g.floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed)) {
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
  public final void backwardWithoutTrainableParametersIsANoOp(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    if (!trainingOrRefused()) {
      return;
    }
    Shape s = Shape.of(shape);
    float[] x = new OpCalls.Gen(seed).floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter frozen = session.createParameter("frozen", s, x, false);
      Tensor loss = step.math().sumAll(step.math().mul(step.use(frozen), step.constant(x, s)));
      step.backward(loss);
      assertNull(step.gradient(frozen), "gradient of a frozen parameter");
    }
  }

  @Property(tries = STEP_TRIES)
  public final void closedStepsRejectEveryCall(@ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    float[] x = new float[s.elementCount()];
    try (BackendSession session = theBackend().newSession(seed)) {
      Parameter p = session.createParameter("p", s, x, true);
      Step step = session.newStep(trains() ? StepMode.TRAINING : StepMode.INFERENCE, seed);
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
      if (trains()) {
        expectUserError(() -> step.backward(loss), closed);
      }
      // The session stays usable.
      try (Step next = session.newStep(StepMode.INFERENCE, seed)) {
        assertArrayEquals(x, next.toFloats(next.use(p)), "parameter after a closed step");
      }
    }
  }

  @Property(tries = STEP_TRIES)
  public final void backwardNeedsATrainingStepAndAScalarLoss(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    float[] x = new OpCalls.Gen(seed).floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed)) {
      Parameter p = session.createParameter("p", s, x, true);
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        Tensor loss = step.math().sumAll(step.use(p));
        expectUserError(() -> step.backward(loss), "TRAINING", "INFERENCE");
      }
      if (trains()) {
        try (Step step = session.newStep(StepMode.TRAINING, seed)) {
          Shape two = Shape.of(OpCalls.concatDims(shape, 2));
          Tensor notScalar = step.constant(new float[two.elementCount()], two);
          expectUserError(() -> step.backward(notScalar), "scalar", two.toString());
        }
      }
    }
  }

  @Property(tries = STEP_TRIES)
  public final void parametersAreNamedAndRoundTrip(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    Shape s = Shape.of(shape);
    OpCalls.Gen g = new OpCalls.Gen(seed);
    float[] a = g.floats(shape, OpCalls.Values.ANY);
    float[] b = g.floats(shape, OpCalls.Values.ANY);
    try (BackendSession session = theBackend().newSession(seed)) {
      assertEquals(theBackend().name(), session.backend().name(), "session.backend()");
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

  // ================================================================================ guards

  /** Every op has a FORWARD and an ERROR property, and every differentiable op a GRADIENT one. */
  @Example
  public final void everyOpIsCovered() {
    Map<Op, Set<Aspect>> missing = missingCoverage(getClass());
    assertTrue(missing.isEmpty(), () -> "Ops without a covering property: " + missing);
  }

  /** Declared exclusions name a reason; the coverage guard applies to them as to every op. */
  @Example
  public final void backendDeclaresItselfClearly() {
    Backend b = theBackend();
    assertFalse(b.name().isBlank(), "backend name");
    assertTrue(b.capabilities().contains(Capability.INFERENCE), "every backend infers");
    for (Map.Entry<Op, String> e : excludedOps().entrySet()) {
      assertFalse(e.getValue() == null || e.getValue().isBlank(),
          () -> "Exclusion of " + e.getKey() + " needs a reason");
    }
    for (Map.Entry<Op, String> e : b.unsupportedOps().entrySet()) {
      VitpException ex = expectVitp(() -> b.requireOps(List.of(e.getKey()), "the suite"));
      assertEquals(ErrorCode.UNSUPPORTED, ex.code());
      assertTrue(String.valueOf(ex.getMessage()).contains(e.getKey().opName()));
    }
  }

  /** Coverage gaps of a conformance class: op -> aspects that no jqwik property covers. */
  public static Map<Op, Set<Aspect>> missingCoverage(Class<?> conformanceClass) {
    Map<Op, Set<Aspect>> covered = new EnumMap<>(Op.class);
    for (Class<?> c = conformanceClass; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        boolean runs = m.isAnnotationPresent(Property.class) || m.isAnnotationPresent(Example.class);
        if (!runs) {
          continue;
        }
        for (Covers cov : m.getAnnotationsByType(Covers.class)) {
          covered.computeIfAbsent(cov.value(), k -> EnumSet.noneOf(Aspect.class)).add(cov.aspect());
        }
      }
    }
    Map<Op, Set<Aspect>> missing = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      Set<Aspect> need = op.differentiable()
          ? EnumSet.allOf(Aspect.class) : EnumSet.of(Aspect.FORWARD, Aspect.ERROR);
      need.removeAll(covered.getOrDefault(op, Set.of()));
      if (!need.isEmpty()) {
        missing.put(op, need);
      }
    }
    return missing;
  }

  // =============================================================================== helpers

  private boolean trains() {
    return theBackend().capabilities().contains(Capability.TRAINING);
  }

  /** Step properties about gradients: a backend without TRAINING must refuse training steps. */
  private boolean trainingOrRefused() {
    if (!trains()) {
      checkTrainingRefused(0);
      return false;
    }
    return true;
  }

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

  private static void assertZeroOrNull(Step step, @Nullable Tensor gradient, String what) {
    if (gradient != null) {
      for (float v : step.toFloats(gradient)) {
        assertEquals(0f, v, what + " must be null or zero");
      }
    }
  }

  private static float[] floats(Step step, @Nullable Tensor t) {
    assertNotNull(t, "expected a gradient");
    return step.toFloats(t);
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static double meanOf(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double stdOf(float[] v) {
    double m = meanOf(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
