package dev.vitp.conformance;

import static dev.vitp.conformance.BackendChecks.assertClose;
import static dev.vitp.conformance.BackendChecks.assertZeroOrNull;
import static dev.vitp.conformance.BackendChecks.floats;
import static dev.vitp.conformance.BackendChecks.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ops' kernels, driven by {@link OpSpecs}: for every op a forward property against the
 * float64 reference, a gradient property when the op is differentiable ({@code sumAll(op(inputs)
 * * W)}, W random, against central finite differences) and a malformed-call property, each its
 * own JUnit dynamic test named like {@code geluForward}; then the contract's edges that no
 * generic property states (ties, out-of-range indices, empty slices, ignored targets).
 *
 * <p>An excluded op's properties assert UNSUPPORTED naming op and backend; on a backend without
 * TRAINING the gradient properties assert that a TRAINING step is refused.
 */
public interface KernelContract extends BackendUnderTest {

  @TestFactory
  default Stream<DynamicTest> opsForward() {
    return OpSpecs.all().stream().map(spec -> property(spec.op(), "Forward", spec.validCalls(),
        TRIES, BackendChecks::checkForward));
  }

  @TestFactory
  default Stream<DynamicTest> opsGradient() {
    return OpSpecs.all().stream().filter(OpSpec::differentiable).flatMap(spec -> Stream.concat(
        Stream.of(property(spec.op(), "Gradient", spec.validCalls(), TRIES,
            BackendChecks::checkGradient)),
        spec.gradientExamples().stream().map(example -> dynamicTest(example.name(), () -> {
          BackendChecks checks = new BackendChecks(this);
          example.calls().forEach(checks::checkGradient);
        }))));
  }

  @TestFactory
  default Stream<DynamicTest> opsRejectMalformedCalls() {
    return OpSpecs.all().stream().map(spec -> property(spec.op(), "RejectsMalformedCalls",
        spec.malformedCalls(), ERROR_TRIES, BackendChecks::checkUserError));
  }

  /** Every op the kernels run has a spec, so none escapes the three properties above. */
  @Example
  default void everyOpHasASpec() {
    assertEquals(List.of(), OpSpecs.opsWithoutSpec(), "ops without an entry in OpSpecs");
  }

  private DynamicTest property(Op op, String aspect, Arbitrary<OpCall> calls, int tries,
      BiConsumer<BackendChecks, OpCall> check) {
    String name = op.opName() + aspect;
    return dynamicTest(name, () -> {
      BackendChecks checks = new BackendChecks(this);
      DynamicProperty.check(name, calls, tries, call -> check.accept(checks, call));
    });
  }

  // ============================================================ edges no generic property states

  @Provide
  default Arbitrary<OpCall> gatherOutOfRange() {
    return OpSpecs.gatherOutOfRange();
  }

  @Provide
  default Arbitrary<OpCall> crossEntropyOutOfRange() {
    return OpSpecs.crossEntropyOutOfRange();
  }

  @Provide
  default Arbitrary<OpCall> emptySlices() {
    return OpSpecs.emptySlices();
  }

  @Property(tries = ERROR_TRIES)
  default void gatherRejectsIndicesOutOfRange(@ForAll("gatherOutOfRange") OpCall call) {
    new BackendChecks(this).checkUserError(call);
  }

  @Property(tries = ERROR_TRIES)
  default void crossEntropyRejectsTargetsOutOfRange(
      @ForAll("crossEntropyOutOfRange") OpCall call) {
    new BackendChecks(this).checkUserError(call);
  }

  /** {@code start == end} gives an empty tensor; its (all-zero) gradient still flows. */
  @Property(tries = ERROR_TRIES)
  default void sliceOfAnEmptyRange(@ForAll("emptySlices") OpCall call) {
    BackendChecks checks = new BackendChecks(this);
    checks.checkForward(call);
    checks.checkGradient(call);
  }

  /** When every target is ignored the loss is 0 (not NaN) and the logits get no gradient. */
  @Property(tries = STEP_TRIES)
  default void crossEntropyOfOnlyIgnoredTargetsIsZero(
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 4) int c,
      @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    int[] ignored = new int[n];
    Arrays.fill(ignored, -100);
    OpCall call = OpSpecs.crossEntropyCall(seed, new int[] {n, c},
        new Gen(seed).floats(new int[] {n, c}, Values.ANY), ignored, -100, true);
    checks.checkForward(call);
    if (checks.excluded(Op.CROSS_ENTROPY) || !checks.trains()) {
      return; // checkForward asserted UNSUPPORTED; training is covered by checkGradient
    }
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter logits = session.createParameter("logits", Shape.of(n, c),
          call.inputs().get(0).floats(), true);
      Tensor loss = step.nn().crossEntropy(step.use(logits),
          step.constantInts(ignored.clone(), Shape.of(n)), -100);
      assertEquals(0f, step.item(loss), "loss of only ignored targets");
      step.backward(loss);
      assertZeroOrNull(step, step.gradient(logits), "gradient of only ignored targets");
    }
  }

  /** maximum/minimum on ties: the gradient goes to {@code a} where {@code a >= b} (resp. {@code <=}). */
  @Property(tries = TRIES)
  default void maximumAndMinimumSendTiedGradientsToA(
      @ForAll("smallShapes") int[] shape, @ForAll boolean maximum, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Op op = maximum ? Op.MAXIMUM : Op.MINIMUM;
    Gen g = new Gen(seed);
    float[] a = g.floats(shape, Values.GRID);
    float[] b = g.floats(shape, Values.GRID);
    for (int i = 0; i < a.length; i += 2) {
      b[i] = a[i]; // at least every other element ties
    }
    if (checks.excluded(op) || !checks.trains()) {
      checks.checkForward(OpCall.of(op, seed).floats("a", Shape.of(shape), a)
          .floats("b", Shape.of(shape), b)
          .backend((s, t) -> maximum ? s.math().maximum(t.get(0), t.get(1))
              : s.math().minimum(t.get(0), t.get(1)))
          .reference(in -> ReferenceOps.binary(op, in.get(0), in.get(1))).build());
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
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter pa = session.createParameter("a", Shape.of(shape), a, true);
      Parameter pb = session.createParameter("b", Shape.of(shape), b, true);
      Tensor out = maximum ? step.math().maximum(step.use(pa), step.use(pb))
          : step.math().minimum(step.use(pa), step.use(pb));
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
  default void maxSendsTiedGradientToFirstMaximum(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    int[] s = shape.length == 0 ? new int[] {3} : shape;
    Gen g = new Gen(seed);
    int axis = g.axis(s.length);
    boolean keepDims = g.nextBoolean();
    float[] x = new float[RefTensor.size(s)];
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.5f * g.nextInt(3); // {0, 0.5, 1}: many ties
      xd[i] = x[i];
    }
    RefTensor rx = RefTensor.of(s, xd);
    RefTensor want = ReferenceOps.max(rx, axis, keepDims);
    OpCall call = OpCall.of(Op.MAX, seed).floats("x", Shape.of(s), x)
        .attribute("axis", axis).attribute("keepDims", keepDims)
        .backend((st, t) -> st.math().max(t.get(0), axis, keepDims))
        .reference(in -> ReferenceOps.max(in.get(0), axis, keepDims)).build();
    if (checks.excluded(Op.MAX) || !checks.trains()) {
      checks.checkForward(call);
      return;
    }
    float[] w = weights(want.shape, seed);
    // Expected: W routed to the first argmax along the axis.
    int ax = Math.floorMod(axis, s.length);
    int outer = ReferenceOps.prod(s, 0, ax);
    int inner = ReferenceOps.prod(s, ax + 1, s.length);
    int len = s[ax];
    RefTensor arg = ReferenceOps.argmax(rx, axis);
    double[] expected = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int j = (int) arg.get(o * inner + i);
        expected[(o * len + j) * inner + i] = w[o * inner + i];
      }
    }
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.TRAINING, seed)) {
      Parameter p = session.createParameter("x", Shape.of(s), x, true);
      Tensor out = call.runOn(step, List.of(step.use(p)));
      checks.assertOutput(call, step, out, want);
      step.backward(step.math().sumAll(step.math().mul(out, step.constant(w, Shape.of(want.shape)))));
      assertClose("gradient (to the first maximum) W=" + Arrays.toString(w), call,
          floats(step, step.gradient(p)), RefTensor.of(s, expected), gradientTolerance(Op.MAX));
    }
  }

  /** argmax with ties returns the first maximal index. */
  @Property(tries = TRIES)
  default void argmaxReturnsFirstMaximumOnTies(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    int[] s = shape.length == 0 ? new int[] {4} : shape;
    Gen g = new Gen(seed);
    int axis = g.axis(s.length);
    float[] x = new float[RefTensor.size(s)];
    for (int i = 0; i < x.length; i++) {
      x[i] = g.nextInt(2);
    }
    new BackendChecks(this).checkForward(OpCall.of(Op.ARGMAX, seed).floats("x", Shape.of(s), x)
        .attribute("axis", axis)
        .backend((st, t) -> st.math().argmax(t.get(0), axis))
        .reference(in -> ReferenceOps.argmax(in.get(0), axis)).build());
  }
}
