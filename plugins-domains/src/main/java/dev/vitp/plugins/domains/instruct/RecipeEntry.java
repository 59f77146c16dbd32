package dev.vitp.plugins.domains.instruct;

import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One dataset of an InternVL recipe (meta JSON entry).
 *
 * @param name the entry's key
 * @param root folder the records' image paths are relative to
 * @param annotation the JSONL file
 * @param repeatTime below 1 keeps the first {@code int(lines·r)} records; above 1 (an integer up
 *     to {@value #MAX_REPEAT}) repeats the file
 * @param length the declared record count, checked against the file when present
 */
public record RecipeEntry(String name, Path root, Path annotation, double repeatTime,
    @Nullable Long length) {
  /**
   * The most repeats of one file. InternVL's recipes repeat a set a few times to weight it; ten
   * thousand is far beyond that, keeps {@code lines × repeat} of any file (below 2^31 lines) well
   * inside a long, and turns a typo such as 1e300 into an error instead of an overflow.
   */
  public static final int MAX_REPEAT = 10_000;

  public RecipeEntry {
    // Negated comparisons, so that NaN fails them too.
    if (!(repeatTime > 0) || !(repeatTime <= MAX_REPEAT)
        || (repeatTime > 1 && repeatTime != Math.rint(repeatTime))) {
      throw VitpException.userError("Expected repeat_time in (0, 1] or an integer from 2 to "
          + MAX_REPEAT + " for recipe entry '" + name + "'. Received: repeat_time="
          + repeatTime);
    }
    if (length != null && length < 0) {
      throw VitpException.userError("Expected length >= 0 for recipe entry '" + name
          + "'. Received: length=" + length);
    }
  }

  /**
   * How many distinct records of a file with {@code lines} records an epoch reads: all of them
   * for repeat_time 1 and above, the first {@link #keptCount} below.
   */
  public long distinctCount(long lines) {
    return Math.min(lines, keptCount(lines));
  }

  /** How many records of a file with {@code lines} records this entry contributes per epoch. */
  public long keptCount(long lines) {
    if (repeatTime < 1) {
      return (long) Math.floor(lines * repeatTime);
    }
    // A file's lines (below 2^31) × MAX_REPEAT fit a long; exact arithmetic says so if not.
    return Math.multiplyExact(lines, (long) repeatTime);
  }
}
