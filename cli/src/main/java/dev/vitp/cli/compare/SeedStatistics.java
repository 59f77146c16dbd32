package dev.vitp.cli.compare;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The statistics {@code vitp compare} reports over fine-tuning seeds: mean and sample standard
 * deviation (n − 1) of a start's scores, and the paired difference of two starts scored at the
 * same seeds with a two-sided 95 % Student-t confidence interval (n − 1 degrees of freedom). With
 * one seed there is no spread to estimate: the standard deviation and the interval are absent
 * (null), never NaN. Identical values give a standard deviation of 0 and an interval of zero width.
 */
public final class SeedStatistics {
  /** Two-sided confidence level of the intervals. */
  public static final double CONFIDENCE = 0.95;

  private SeedStatistics() {}

  /**
   * A start's scores over seeds.
   *
   * @param n how many seeds
   * @param mean their mean
   * @param std sample standard deviation (n − 1); null with one seed
   */
  public record Summary(int n, double mean, @Nullable Double std) {}

  /**
   * The paired difference {@code reference − start}, seed by seed.
   *
   * @param n how many seeds
   * @param mean mean difference (positive: the reference scored higher)
   * @param std sample standard deviation of the differences; null with one seed
   * @param ciLow lower end of the 95 % interval of the mean difference; null with one seed
   * @param ciHigh upper end; null with one seed
   * @param referenceAhead seeds where the reference scored higher
   * @param startAhead seeds where the start scored higher (its wins)
   * @param ties seeds where both scored the same
   */
  public record Paired(int n, double mean, @Nullable Double std, @Nullable Double ciLow,
      @Nullable Double ciHigh, int referenceAhead, int startAhead, int ties) {}

  /** Mean and sample standard deviation; at least one value. */
  public static Summary summarize(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      throw new IllegalArgumentException("Expected at least one value. Received: none");
    }
    double mean = mean(values);
    if (n == 1) {
      return new Summary(1, mean, null);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new Summary(n, mean, Math.sqrt(squares / (n - 1)));
  }

  /** The paired difference {@code reference[i] − start[i]}, with its interval and seed counts. */
  public static Paired paired(List<Double> reference, List<Double> start) {
    if (reference.size() != start.size() || reference.isEmpty()) {
      throw new IllegalArgumentException("Expected two equally long, non-empty lists of scores. "
          + "Received: sizes " + reference.size() + " and " + start.size());
    }
    int n = reference.size();
    double[] diffs = new double[n];
    int referenceAhead = 0;
    int startAhead = 0;
    for (int i = 0; i < n; i++) {
      diffs[i] = reference.get(i) - start.get(i);
      int c = Double.compare(reference.get(i), start.get(i));
      if (c > 0) {
        referenceAhead++;
      } else if (c < 0) {
        startAhead++;
      }
    }
    Summary d = summarize(java.util.Arrays.stream(diffs).boxed().toList());
    Double low = null;
    Double high = null;
    if (d.std() != null) {
      double half = tQuantile(n - 1) * d.std() / Math.sqrt(n);
      low = d.mean() - half;
      high = d.mean() + half;
    }
    return new Paired(n, d.mean(), d.std(), low, high, referenceAhead, startAhead,
        n - referenceAhead - startAhead);
  }

  /** The Student-t quantile at (1 + {@link #CONFIDENCE}) / 2 with {@code dof} degrees of freedom. */
  public static double tQuantile(int dof) {
    return new TDistribution(dof).inverseCumulativeProbability((1 + CONFIDENCE) / 2);
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
