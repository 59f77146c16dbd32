package dev.vitp.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Seeded secondary choices and values of generated calls, and the jqwik arbitraries of their
 * shapes. Shapes come from jqwik (so they shrink towards 1); values and secondary choices come
 * from a generated seed (so a counterexample is reproducible).
 */
final class Gen {
  /** The largest dimension of most generated shapes. */
  static final int MAX_DIM = 4;

  private final SplittableRandom random;

  Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean nextBoolean() {
    return random.nextBoolean();
  }

  double nextDouble() {
    return random.nextDouble();
  }

  float uniform(double low, double high) {
    return (float) (low + (high - low) * random.nextDouble());
  }

  /** An axis in [-rank, rank), negative half of the time. */
  int axis(int rank) {
    int a = random.nextInt(rank);
    return random.nextBoolean() ? a - rank : a;
  }

  int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A shape that broadcasts to {@code out}: leading axes dropped, some axes set to 1. */
  int[] broadcastVariant(int[] out) {
    int drop = random.nextInt(3) == 0 ? random.nextInt(out.length + 1) : 0;
    int[] s = Arrays.copyOfRange(out, drop, out.length);
    for (int i = 0; i < s.length; i++) {
      if (random.nextInt(3) == 0) {
        s[i] = 1;
      }
    }
    return s;
  }

  /** {@code n} split into {@code parts} positive factors, in random order. */
  int[] factorise(int n, int parts) {
    int[] out = new int[parts];
    Arrays.fill(out, 1);
    int rest = n;
    for (int f = 2; rest > 1; f++) {
      while (rest % f == 0) {
        out[random.nextInt(parts)] *= f;
        rest /= f;
      }
    }
    return out;
  }

  float[] floats(int[] shape, Values kind) {
    int n = RefTensor.size(shape);
    float[] v = new float[n];
    if (kind == Values.DISTINCT) {
      int[] perm = permutation(n);
      for (int i = 0; i < n; i++) {
        v[i] = (float) ((perm[i] - n / 2.0) * 0.25 + 0.05 * random.nextDouble());
      }
      return v;
    }
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      double sign = random.nextBoolean() ? 1 : -1;
      v[i] = (float) switch (kind) {
        case ANY -> -2 + 4 * u;
        case WIDE -> -3 + 6 * u;
        case POSITIVE -> 0.25 + 2.75 * u;
        case NONZERO -> sign * (0.5 + 1.5 * u);
        case AWAY_FROM_ZERO -> sign * (0.1 + 1.9 * u);
        case GRID -> 0.5 * (random.nextInt(9) - 4);
        case OFF_GRID -> 0.5 * (random.nextInt(8) - 4) + 0.25;
        case DISTINCT -> throw new AssertionError();
      };
    }
    return v;
  }

  /**
   * 0 most of the time, else ±90: exp(90) overflows float32, so softmax-like ops must subtract
   * the maximum.
   */
  float largeOffset() {
    return random.nextInt(4) == 0 ? (random.nextBoolean() ? 90f : -90f) : 0f;
  }

  float[] offset(float[] values, float offset) {
    float[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += offset;
    }
    return out;
  }

  /**
   * Rows (last axis) with a spread of at least 0.2 between two entries (layer norm); a quarter
   * of the rows sit near 100, where {@code E[x^2] - E[x]^2} loses the variance in float32.
   */
  float[] spreadRows(int[] shape) {
    int c = shape[shape.length - 1];
    int rows = RefTensor.size(shape) / c;
    float[] v = new float[rows * c];
    for (int r = 0; r < rows; r++) {
      int[] perm = permutation(c);
      double offset = -2 + 4 * random.nextDouble() + (random.nextInt(4) == 0 ? 100 : 0);
      double scale = 0.5 + 1.5 * random.nextDouble();
      for (int i = 0; i < c; i++) {
        v[r * c + i] = (float) (offset + scale * (perm[i] + 0.4 * random.nextDouble()));
      }
    }
    return v;
  }

  /** Shapes of rank {@code minRank..maxRank} with dimensions {@code 1..maxDim}. */
  static Arbitrary<int[]> shapes(int minRank, int maxRank, int maxDim) {
    return Arbitraries.integers().between(1, maxDim).array(int[].class).ofMinSize(minRank)
        .ofMaxSize(maxRank);
  }

  /** {@code count} dimensions in {@code min..max}. */
  static Arbitrary<int[]> dims(int count, int min, int max) {
    return Arbitraries.integers().between(min, max).array(int[].class).ofSize(count);
  }

  static Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  static int[] concatDims(int[] lead, int... tail) {
    int[] out = Arrays.copyOf(lead, lead.length + tail.length);
    System.arraycopy(tail, 0, out, lead.length, tail.length);
    return out;
  }
}
