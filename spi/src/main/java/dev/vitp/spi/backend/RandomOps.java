package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import java.util.SplittableRandom;

/**
 * Seeded random tensors. They are drawn on the host from the step's seed and uploaded, so the same
 * step seed gives the same numbers on every backend; that is what lets runs resume bit for bit and
 * lets backends be compared with dropout switched on.
 */
public final class RandomOps {
  private final Step step;
  private final SplittableRandom random;

  RandomOps(Step step, long seed) {
    this.step = step;
    this.random = new SplittableRandom(seed);
  }

  /** Uniform floats in {@code [low, high)}. */
  public Tensor uniform(Shape shape, float low, float high) {
    OpChecks.supported(step.backend(), Op.UNIFORM);
    if (!(low < high)) {
      throw OpChecks.shapeError(Op.UNIFORM, "low < high", "low=" + low + ", high=" + high);
    }
    float[] values = new float[shape.elementCount()];
    for (int i = 0; i < values.length; i++) {
      float v = (float) (low + (high - low) * random.nextDouble());
      // Rounding to float32 can reach high itself when [low, high) spans few floats.
      values[i] = v < high ? v : Math.nextDown(high);
    }
    return step.constant(values, shape);
  }

  /** Normally distributed floats. */
  public Tensor normal(Shape shape, float mean, float std) {
    OpChecks.supported(step.backend(), Op.NORMAL);
    if (!(std >= 0)) {
      throw OpChecks.shapeError(Op.NORMAL, "std >= 0", "std=" + std);
    }
    float[] values = new float[shape.elementCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (mean + std * random.nextGaussian());
    }
    return step.constant(values, shape);
  }

  /** 1 with probability {@code p}, else 0. */
  public Tensor bernoulli(Shape shape, float p) {
    OpChecks.supported(step.backend(), Op.BERNOULLI);
    requireProbability(Op.BERNOULLI, p);
    return step.constant(bernoulliMask(shape.elementCount(), p, 1f), shape);
  }

  /**
   * Inverted dropout: zeroes each element with probability {@code p} and scales survivors by
   * {@code 1 / (1 - p)}. {@code p = 0} returns {@code x} itself.
   */
  public Tensor dropout(Tensor x, float p) {
    OpChecks.supported(step.backend(), Op.DROPOUT);
    requireProbability(Op.DROPOUT, p);
    if (p == 0f) {
      return x;
    }
    if (p >= 1f) {
      throw OpChecks.shapeError(Op.DROPOUT, "p < 1", "p=" + p);
    }
    Tensor mask = step.constant(bernoulliMask(x.shape().elementCount(), 1f - p, 1f / (1f - p)),
        x.shape());
    return step.math().mul(x, mask);
  }

  /** A fresh seed drawn from this step's stream, for host-side samplers (e.g. VRL). */
  public long nextSeed() {
    return random.nextLong();
  }

  private float[] bernoulliMask(int n, float keepProbability, float keptValue) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble() < keepProbability ? keptValue : 0f;
    }
    return values;
  }

  private static void requireProbability(Op op, float p) {
    if (!(p >= 0f && p <= 1f)) {
      throw VitpException.userError(
          "Op [" + op.opName() + "] expected a probability in [0, 1]. Received: p=" + p);
    }
  }
}
