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
 * @param repeatTime below 1 keeps the first {@code int(lines·r)} records; above 1 (an integer)
 *     repeats the file
 * @param length the declared record count, checked against the file when present
 */
public record RecipeEntry(String name, Path root, Path annotation, double repeatTime,
    @Nullable Long length) {
  public RecipeEntry {
    if (!(repeatTime > 0) || Double.isInfinite(repeatTime)
        || (repeatTime > 1 && repeatTime != Math.rint(repeatTime))) {
      throw VitpException.userError("Expected repeat_time in (0, 1] or an integer above 1 for "
          + "recipe entry '" + name + "'. Received: repeat_time=" + repeatTime);
    }
    if (length != null && length < 0) {
      throw VitpException.userError("Expected length >= 0 for recipe entry '" + name
          + "'. Received: length=" + length);
    }
  }

  /** How many records of a file with {@code lines} records this entry contributes per epoch. */
  public long keptCount(long lines) {
    if (repeatTime < 1) {
      return (long) Math.floor(lines * repeatTime);
    }
    return lines * (long) repeatTime;
  }
}
