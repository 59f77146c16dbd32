package dev.vitp.conformance;

/**
 * How close a backend's float32 result must be to the float64 reference: {@code |got - want| <=
 * abs + rel * |want|} element by element.
 */
public record Tolerance(double abs, double rel) {
  public Tolerance {
    if (!(abs >= 0) || !(rel >= 0)) {
      throw new IllegalArgumentException("Expected non-negative tolerances. Received: abs=" + abs
          + ", rel=" + rel);
    }
  }

  public boolean accepts(double got, double want) {
    if (Double.isNaN(want)) {
      return Double.isNaN(got);
    }
    if (Double.isInfinite(want)) {
      return got == want;
    }
    return Math.abs(got - want) <= abs + rel * Math.abs(want);
  }

  /** This tolerance scaled by a factor (for ops that accumulate long sums). */
  public Tolerance times(double factor) {
    return new Tolerance(abs * factor, rel * factor);
  }
}
