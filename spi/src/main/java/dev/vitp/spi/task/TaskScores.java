package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric values of one evaluation.
 *
 * @param values headline metrics by key ({@code accuracy}, {@code miou}, {@code f1}, {@code ap} …),
 *     each in [0, 1]
 * @param perClass per-class metrics: metric key → class name → value in [0, 1]
 * @param primary the key of {@code values} that selects the best checkpoint
 */
public record TaskScores(Map<String, Double> values, Map<String, Map<String, Double>> perClass,
    String primary) {
  public TaskScores {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    perClass.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    perClass = Collections.unmodifiableMap(copy);
    if (!values.containsKey(primary)) {
      throw VitpException.internal("Expected the primary metric among the values. Received: "
          + "primary=" + primary + ", values=" + values.keySet());
    }
  }

  public double primaryValue() {
    return values.get(primary);
  }
}
