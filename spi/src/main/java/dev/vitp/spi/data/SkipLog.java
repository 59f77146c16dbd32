package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How {@link BadRecordPolicy} is carried out, for instruction records and dataset files alike:
 * counts what a pass kept and left out per reason, keeps the first examples as lines ({@code
 * where: reason: detail} for records, {@code where: reason (detail)} for files), and counts notes
 * that cost nothing. Under policy {@code fail} the first bad
 * item throws that line as a USER_ERROR instead. Thread-safe; callers feed it in reading order so
 * that the kept examples are deterministic. {@link SkipSummary#of} and {@code
 * dev.vitp.spi.task.SkippedFiles#of} turn it into the summaries reports carry.
 *
 * @param <R> the reason type: {@link SkipReason} for instruction records, a short phrase for the
 *     files of a downstream dataset
 */
public final class SkipLog<R> {
  /** How many examples a dataset reader keeps. */
  public static final int FILE_EXAMPLES = 20;

  private final BadRecordPolicy policy;
  private final int maxExamples;
  private final Function<R, String> describe;
  private final String failPrefix;
  private final boolean detailInParentheses;
  private final Map<R, Long> skipped;
  private final Map<String, Long> notes = new LinkedHashMap<>();
  private final List<String> examples = new ArrayList<>();
  private long read;
  private long kept;

  private SkipLog(BadRecordPolicy policy, int maxExamples, Function<R, String> describe,
      String failPrefix, boolean detailInParentheses, Map<R, Long> skipped) {
    this.policy = policy;
    this.maxExamples = maxExamples;
    this.describe = describe;
    this.failPrefix = failPrefix;
    this.detailInParentheses = detailInParentheses;
    this.skipped = skipped;
  }

  /** For the records of an instruction source; under fail the error is the bare line. */
  public static SkipLog<SkipReason> ofRecords(BadRecordPolicy policy, int maxExamples) {
    return new SkipLog<>(policy, maxExamples, SkipReason::description, "", false,
        new EnumMap<>(SkipReason.class));
  }

  /** For the files of a downstream dataset, reasons sorted by name in summaries. */
  public static SkipLog<String> ofFiles(BadRecordPolicy policy) {
    return new SkipLog<>(policy, FILE_EXAMPLES, reason -> reason,
        "Expected only readable dataset files (policy fail). Received: ", true, new TreeMap<>());
  }

  public BadRecordPolicy policy() {
    return policy;
  }

  /** Counts a record or file that was used. */
  public synchronized void kept() {
    read++;
    kept++;
  }

  /**
   * Records a bad item at {@code where} (a file, or {@code file:line}): counted under policy skip.
   *
   * @throws VitpException USER_ERROR with the example line under policy fail
   */
  public synchronized void skip(String where, R reason, String detail) {
    String line = where + ": " + describe.apply(reason) + (detail.isEmpty() ? ""
        : detailInParentheses ? " (" + detail + ")" : ": " + detail);
    if (policy == BadRecordPolicy.FAIL) {
      throw VitpException.userError(failPrefix + line);
    }
    read++;
    skipped.merge(reason, 1L, Long::sum);
    if (examples.size() < maxExamples) {
      examples.add(line);
    }
  }

  /** Something noticed that costs no record, e.g. {@code unknown field 'foo'}. */
  public synchronized void note(String note) {
    notes.merge(note, 1L, Long::sum);
  }

  public synchronized void notes(List<String> list) {
    list.forEach(this::note);
  }

  /** Items seen: kept plus skipped. */
  public synchronized long read() {
    return read;
  }

  public synchronized long keptCount() {
    return kept;
  }

  public synchronized long skippedCount() {
    return read - kept;
  }

  /** Skips per reason (only reasons that occurred, in the summary's order), a copy. */
  public synchronized Map<R, Long> skipsByReason() {
    return new LinkedHashMap<>(skipped);
  }

  /** Notes and how often each was made, in first-seen order, a copy. */
  public synchronized Map<String, Long> noteCounts() {
    return new LinkedHashMap<>(notes);
  }

  /** The first skips as lines, a copy. */
  public synchronized List<String> examples() {
    return List.copyOf(examples);
  }
}
