package dev.vitp.conformance;

import static dev.vitp.conformance.BackendChecks.assertUnsupported;
import static dev.vitp.conformance.BackendChecks.expectUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The TENSOR ops, which have no kernel and no {@link OpSpec}: CONSTANT round-trips float and int
 * tensors bit for bit (scalars, empty tensors, NaN, ±0, subnormals, infinities) and rejects wrong
 * lengths and dtypes; ASSIGN stores a value that later reads and steps see, including an SGD
 * update from the gradient, and rejects mismatched values. Excluded, they must fail with
 * UNSUPPORTED.
 */
public interface TensorContract extends BackendUnderTest {
  /** Float and int tensors round-trip bit for bit, for every rank (scalars, empty tensors too). */
  @Property(tries = TRIES)
  default void constantsRoundTrip(
      @ForAll("constantShapes") int[] shape, @ForAll long seed, @ForAll boolean training) {
    BackendChecks checks = new BackendChecks(this);
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
    if (checks.excluded(Op.CONSTANT)) {
      try (BackendSession session = checks.backend().newSession(seed);
          Step step = session.newStep(StepMode.INFERENCE, seed)) {
        assertUnsupported("excluded constant", () -> step.constant(f, s));
      }
      return;
    }
    StepMode mode = training && checks.trains() ? StepMode.TRAINING : StepMode.INFERENCE;
    try (BackendSession session = checks.backend().newSession(seed);
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
  default Arbitrary<int[]> constantShapes() {
    return Arbitraries.integers().between(0, 4).array(int[].class).ofMaxSize(4);
  }

  @Property(tries = ERROR_TRIES)
  default void constantsRejectWrongLengthsAndDtypes(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    int n = s.elementCount();
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      if (checks.excluded(Op.CONSTANT)) {
        assertUnsupported("excluded constant", () -> step.constant(new float[n], s));
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
  default void assignThenRead(@ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    Gen g = new Gen(seed);
    float[] initial = g.floats(shape, Values.ANY);
    float[] next = g.floats(shape, Values.ANY);
    try (BackendSession session = checks.backend().newSession(seed)) {
      Parameter p = session.createParameter("w", s, initial, true);
      assertArrayEquals(initial, p.read(), "read() after createParameter");
      if (checks.excluded(Op.ASSIGN)) {
        try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
          assertUnsupported("excluded assign", () -> step.assign(p, step.constant(next, s)));
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
      if (!checks.trains()) {
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
  default void assignRejectsMismatchedValues(
      @ForAll("smallShapes") int[] shape, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    Shape other = Shape.of(Gen.concatDims(shape, 2));
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      Parameter p = session.createParameter("w", s, new float[s.elementCount()], true);
      Tensor wrongShape = step.constant(new float[other.elementCount()], other);
      Tensor wrongType = step.constantInts(new int[s.elementCount()], s);
      if (checks.excluded(Op.ASSIGN)) {
        assertUnsupported("excluded assign", () -> step.assign(p, wrongShape));
        return;
      }
      expectUserError(() -> step.assign(p, wrongShape), "Op [assign]", "parameterShape=" + s,
          "valueShape=" + other);
      expectUserError(() -> step.assign(p, wrongType), "Op [assign]", "INT32");
    }
  }
}
