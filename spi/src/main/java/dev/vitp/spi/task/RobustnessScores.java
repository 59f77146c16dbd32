package dev.vitp.spi.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fine-tuned model's headline metric on the clean validation set and under each corruption at
 * each severity ({@link RobustnessCheck}).
 *
 * @param metric the headline metric, e.g. {@code accuracy}
 * @param clean its value on the clean validation set (the same model, the same samples)
 * @param scores corruption name → severity → value
 */
public record RobustnessScores(String metric, double clean,
    Map<String, Map<Integer, Double>> scores) {
  public RobustnessScores {
    Map<String, Map<Integer, Double>> copy = new LinkedHashMap<>();
    scores.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    scores = Collections.unmodifiableMap(copy);
  }

  /** The mean over severities of one corruption. */
  public double mean(String corruption) {
    return scores.get(corruption).values().stream().mapToDouble(Double::doubleValue).average()
        .orElse(Double.NaN);
  }

  /**
   * The clean score minus the mean over every corruption and severity: the paper's "mean drop"
   * (in the metric's own units; the paper's table is in mAP points).
   */
  public double meanDrop() {
    return clean - scores.values().stream().flatMap(m -> m.values().stream())
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
