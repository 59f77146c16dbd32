package dev.vitp.spi.task;

import dev.vitp.spi.data.SkipLog;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a downstream dataset reader left out (policy {@code skip}), for reports and {@code
 * metrics.json}.
 *
 * @param skipped how many
 * @param byReason how many per reason, sorted by reason
 * @param examples the first few as {@code file: reason (detail)}
 */
public record SkippedFiles(long skipped, Map<String, Long> byReason, List<String> examples) {
  public SkippedFiles {
    byReason = Collections.unmodifiableMap(new TreeMap<>(byReason));
    examples = List.copyOf(examples);
  }

  /** What {@code log} counted so far. */
  public static SkippedFiles of(SkipLog<String> log) {
    return new SkippedFiles(log.skippedCount(), log.skipsByReason(), log.examples());
  }

  /** A few lines for the console: the count, each reason's count, the first examples. */
  public String report() {
    StringBuilder sb = new StringBuilder("skipped " + skipped + " file(s)");
    byReason.forEach((r, n) -> sb.append("\n  ").append(n).append(" × ").append(r));
    if (!examples.isEmpty()) {
      sb.append("\n  first:");
      examples.forEach(e -> sb.append("\n    ").append(e));
    }
    return sb.toString();
  }

  /** {@code 3 file(s): {corrupt image=3}, first: a.png: corrupt image}, or "none". */
  public String describe() {
    if (skipped == 0) {
      return "none";
    }
    return skipped + " file(s): " + byReason + (examples.isEmpty() ? "" : ", first: "
        + examples.get(0));
  }
}
