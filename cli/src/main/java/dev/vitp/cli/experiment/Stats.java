package dev.vitp.cli.experiment;

import dev.vitp.cli.compare.SeedStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How the experiments print and store seed statistics ({@link SeedStatistics}). */
final class Stats {
  private Stats() {}

  /** {@code {mean, std, n, values}}. */
  static Map<String, Object> summaryJson(List<Double> values) {
    SeedStatistics.Summary s = SeedStatistics.summarize(values);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s.mean());
    m.put("std", s.std());
    m.put("n", s.n());
    m.put("values", values);
    return m;
  }

  /** {@code a − b} seed by seed: {@code {mean, ci95_low, ci95_high, a_ahead, b_ahead, n}}. */
  static Map<String, Object> differenceJson(List<Double> a, List<Double> b) {
    SeedStatistics.Paired p = SeedStatistics.paired(a, b);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", p.mean());
    m.put("ci95_low", p.ciLow());
    m.put("ci95_high", p.ciHigh());
    m.put("a_ahead", p.referenceAhead());
    m.put("b_ahead", p.startAhead());
    m.put("n", p.n());
    return m;
  }

  /** {@code 0.4123 ± 0.0210}, scaled by {@code scale} (100 for percentage points). */
  static String meanStd(List<Double> values, double scale) {
    SeedStatistics.Summary s = SeedStatistics.summarize(values);
    return s.std() == null ? String.format(Locale.ROOT, "%.2f", s.mean() * scale)
        : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean() * scale, s.std() * scale);
  }

  /** {@code +3.10 [+0.42, +5.78]} for {@code a − b}, scaled. */
  static String difference(List<Double> a, List<Double> b, double scale) {
    SeedStatistics.Paired p = SeedStatistics.paired(a, b);
    return p.ciLow() == null ? String.format(Locale.ROOT, "%+.2f", p.mean() * scale)
        : String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", p.mean() * scale,
            p.ciLow() * scale, p.ciHigh() * scale);
  }

  /** Whether the 95 % interval of {@code a − b} lies above 0 (null with one seed). */
  static @Nullable Boolean clearlyAbove(List<Double> a, List<Double> b) {
    SeedStatistics.Paired p = SeedStatistics.paired(a, b);
    return p.ciLow() == null ? null : p.ciLow() > 0;
  }

  static double mean(List<Double> values) {
    return SeedStatistics.summarize(values).mean();
  }

  static @Nullable Double std(List<Double> values) {
    return SeedStatistics.summarize(values).std();
  }
}
