package dev.vitp.conformance;

import static dev.vitp.conformance.BackendChecks.floats;
import static dev.vitp.conformance.BackendChecks.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The random ops beyond their per-op forward property ({@link KernelContract}): the step seed
 * alone determines the numbers, the values have their range and moments, and inverted dropout
 * scales kept elements and routes the gradient through them only. Excluded random ops are
 * skipped here; their per-op properties assert UNSUPPORTED.
 */
public interface RandomOpsContract extends BackendUnderTest {
  /** Equal step seeds give equal numbers, across sessions with different session seeds. */
  @Property(tries = STEP_TRIES)
  default void randomOpsAreDeterministicInTheStepSeed(
      @ForAll("smallShapes") int[] shape, @ForAll long stepSeed, @ForAll long sessionSeed) {
    BackendChecks checks = new BackendChecks(this);
    Shape s = Shape.of(shape);
    float[] x = new Gen(stepSeed).floats(shape, Values.AWAY_FROM_ZERO);
    for (Op op : List.of(Op.UNIFORM, Op.NORMAL, Op.BERNOULLI, Op.DROPOUT)) {
      if (checks.excluded(op)) {
        continue; // asserted UNSUPPORTED by the op's own forward property
      }
      float[][] runs = new float[3][];
      long[] sessionSeeds = {sessionSeed, ~sessionSeed, sessionSeed};
      long[] stepSeeds = {stepSeed, stepSeed, stepSeed + 1};
      for (int r = 0; r < 3; r++) {
        try (BackendSession session = checks.backend().newSession(sessionSeeds[r]);
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
  default void randomOpsHaveTheirRangeAndMoments(@ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    Gen g = new Gen(seed);
    int n = 4096;
    Shape s = Shape.of(64, 64);
    float low = g.uniform(-3, 3);
    float high = low + g.uniform(0.01, 4);
    float mean = g.uniform(-3, 3);
    float std = g.uniform(0.01, 3);
    float p = g.uniform(0.05, 0.95);
    try (BackendSession session = checks.backend().newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      if (!checks.excluded(Op.UNIFORM)) {
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
      if (!checks.excluded(Op.NORMAL)) {
        float[] v = step.toFloats(step.random().normal(s, mean, std));
        assertEquals(mean, meanOf(v), 6 * std / Math.sqrt(n), "normal mean");
        assertEquals(std, stdOf(v), 0.1 * std, "normal std");
      }
      if (!checks.excluded(Op.BERNOULLI)) {
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
  default void dropoutScalesKeptElementsAndRoutesGradientThroughThem(
      @ForAll @IntRange(min = 0, max = 9) int tenthP, @ForAll long seed) {
    BackendChecks checks = new BackendChecks(this);
    float p = tenthP / 10f;
    int n = 2048;
    Shape s = Shape.of(32, 64);
    float[] x = new Gen(seed).floats(new int[] {32, 64}, Values.AWAY_FROM_ZERO);
    OpCall call = OpSpecs.dropoutCall(seed, s, x, p);
    if (checks.excluded(Op.DROPOUT) || !checks.trains()) {
      checks.checkForward(call);
      return;
    }
    float[] w = weights(s.dims(), seed);
    try (BackendSession session = checks.backend().newSession(seed);
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
