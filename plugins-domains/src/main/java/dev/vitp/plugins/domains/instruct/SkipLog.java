package dev.vitp.plugins.domains.instruct;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what a pass kept, skipped (per reason) and noticed, keeping the first skips as
 * {@code file:line: reason: detail}. Under policy {@code fail} the first skip throws instead.
 * Thread-safe; callers feed it in reading order so that the kept examples are deterministic.
 */
public final class SkipLog {
  private final BadRecordPolicy policy;
  private final int maxExamples;
  private long read;
  private long kept;
  private final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
  private final Map<String, Long> notes = new LinkedHashMap<>();
  private final List<String> examples = new ArrayList<>();

  public SkipLog(BadRecordPolicy policy, int maxExamples) {
    this.policy = policy;
    this.maxExamples = maxExamples;
  }

  public BadRecordPolicy policy() {
    return policy;
  }

  public synchronized void kept() {
    read++;
    kept++;
  }

  /**
   * Records a bad record at {@code source} ({@code file:line}).
   *
   * @throws VitpException USER_ERROR {@code file:line: reason: detail} under policy fail
   */
  public synchronized void skip(String source, SkipReason reason, String detail) {
    String message = source + ": " + reason.description() + ": " + detail;
    if (policy == BadRecordPolicy.FAIL) {
      throw VitpException.userError(message);
    }
    read++;
    skipped.merge(reason, 1L, Long::sum);
    if (examples.size() < maxExamples) {
      examples.add(message);
    }
  }

  public void skip(String source, BadRecordException e) {
    skip(source, e.reason(), e.detail());
  }

  /** Something noticed that costs no record, e.g. {@code unknown field 'foo'}. */
  public synchronized void note(String note) {
    notes.merge(note, 1L, Long::sum);
  }

  public synchronized void notes(List<String> list) {
    list.forEach(n -> notes.merge(n, 1L, Long::sum));
  }

  public synchronized SkipSummary summary() {
    return new SkipSummary(read, kept, skipped, notes, examples);
  }
}
