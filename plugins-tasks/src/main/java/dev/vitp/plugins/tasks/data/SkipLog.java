package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.task.SkippedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reading a dataset left out. With policy {@code skip} every bad file is counted per reason
 * and the first {@value #EXAMPLES} are kept as {@code file: reason}; with {@code fail} the first bad
 * file stops the run with that line as a USER_ERROR.
 */
public final class SkipLog {
  /** How many {@code file: reason} lines are kept. */
  public static final int EXAMPLES = 20;

  private final BadRecordPolicy policy;
  private final Map<String, Long> byReason = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();
  private long skipped;

  public SkipLog(BadRecordPolicy policy) {
    this.policy = policy;
  }

  public BadRecordPolicy policy() {
    return policy;
  }

  /** Records a bad file (skip) or throws (fail). {@code reason} is a short category. */
  public void bad(Path file, String reason, String detail) {
    String line = file + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")");
    if (policy == BadRecordPolicy.FAIL) {
      throw VitpException.userError("Expected only readable dataset files (policy fail). "
          + "Received: " + line);
    }
    skipped++;
    byReason.merge(reason, 1L, Long::sum);
    if (examples.size() < EXAMPLES) {
      examples.add(line);
    }
  }

  /** Records a {@link BadFile} thrown while reading. */
  public void bad(BadFile e) {
    bad(e.file(), e.reason(), e.detail());
  }

  public long skipped() {
    return skipped;
  }

  public SkippedFiles summary() {
    return new SkippedFiles(skipped, byReason, examples);
  }

  /** A few lines for the console. */
  public String report() {
    StringBuilder sb = new StringBuilder("skipped " + skipped + " file(s)");
    byReason.forEach((r, n) -> sb.append("\n  ").append(n).append(" × ").append(r));
    if (!examples.isEmpty()) {
      sb.append("\n  first:");
      examples.forEach(e -> sb.append("\n    ").append(e));
    }
    return sb.toString();
  }
}
