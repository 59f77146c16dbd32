package dev.vitp.spi.task;

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

  /** {@code 3 file(s): {corrupt image=3}, first: a.png: corrupt image}, or "none". */
  public String describe() {
    if (skipped == 0) {
      return "none";
    }
    return skipped + " file(s): " + byReason + (examples.isEmpty() ? "" : ", first: "
        + examples.get(0));
  }
}
