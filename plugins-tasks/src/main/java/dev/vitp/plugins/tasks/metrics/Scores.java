package dev.vitp.plugins.tasks.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Small helpers for metric maps: undefined values are left out (JSON has no NaN). */
final class Scores {
  private Scores() {}

  /** {@code value}, or {@code fallback} when undefined (NaN or pycocotools' -1). */
  static double orElse(double value, double fallback) {
    return Double.isNaN(value) || value < 0 ? fallback : value;
  }

  static void putDefined(Map<String, Double> map, String key, double value) {
    if (!Double.isNaN(value) && value >= 0) {
      map.put(key, value);
    }
  }

  static Map<String, Double> perClass(List<String> names, IntToDoubleFunction f) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < names.size(); c++) {
      putDefined(out, names.get(c), f.applyAsDouble(c));
    }
    return out;
  }
}
