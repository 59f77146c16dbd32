package dev.vitp.spi.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pass over an instruction source left out and noticed.
 *
 * @param read records read (kept + skipped)
 * @param kept records delivered
 * @param skipped skips per reason (only reasons that occurred, in declaration order)
 * @param notes things noticed that did not cost a record, e.g. {@code unknown field 'width2'}
 * @param examples the first skips in reading order, as {@code file:line: reason: detail}
 */
public record SkipSummary(long read, long kept, Map<SkipReason, Long> skipped,
    Map<String, Long> notes, List<String> examples) {
  public SkipSummary {
    EnumMap<SkipReason, Long> s = new EnumMap<>(SkipReason.class);
    s.putAll(skipped);
    skipped = Collections.unmodifiableMap(s);
    notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    examples = List.copyOf(examples);
  }

  /** What {@code log} counted so far. */
  public static SkipSummary of(SkipLog<SkipReason> log) {
    return new SkipSummary(log.read(), log.keptCount(), log.skipsByReason(), log.noteCounts(),
        log.examples());
  }

  public static SkipSummary empty() {
    return new SkipSummary(0, 0, Map.of(), Map.of(), List.of());
  }

  public long totalSkipped() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  public long skipped(SkipReason reason) {
    return skipped.getOrDefault(reason, 0L);
  }

  /** A few human-readable lines for logs and the CLI. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    sb.append("records read=").append(read).append(" kept=").append(kept)
        .append(" skipped=").append(totalSkipped());
    skipped.forEach((r, n) -> sb.append("\n  skipped ").append(n).append(" × ")
        .append(r.description()));
    notes.forEach((k, n) -> sb.append("\n  note ").append(n).append(" × ").append(k));
    if (!examples.isEmpty()) {
      sb.append("\n  first skips:");
      examples.forEach(e -> sb.append("\n    ").append(e));
    }
    return sb.toString();
  }
}
