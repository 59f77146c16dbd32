package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.instruct.BadRecordException;
import dev.vitp.plugins.domains.instruct.ParsedRecord;

/**
 * What the batch loader reads: the validated record of each global entry of an
 * {@link dev.vitp.plugins.domains.instruct.EpochOrder}. {@link #read} is called concurrently from
 * worker threads; {@link #close} once, when the loader is done.
 */
interface Entries {
  /** Where an entry comes from, for skip messages ({@code file:line} or a path). */
  String source(long entry);

  /**
   * The stored record an entry reads, as a number (the same for every repeat of the record): what
   * a {@link dev.vitp.spi.data.LoaderOptions.Holdout} decides on.
   */
  long key(long entry);

  /**
   * The entry's validated record.
   *
   * @throws BadRecordException when the entry cannot be used
   */
  ParsedRecord read(long entry);

  /** Releases what reading held (open files). */
  void close();
}
