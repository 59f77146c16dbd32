package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.util.Iterator;

/**
 * A stream of records that holds resources (files, decoder threads) until closed. Read-only:
 * {@link #remove()} is implemented here (it fails), so Kotlin and Java implementations only write
 * {@code hasNext}, {@code next} and {@code close} — or use {@link #of(Iterable)}.
 */
public interface RecordStream extends Iterator<InstructionRecord>, AutoCloseable {
  @Override
  void close();

  /** Record streams are read-only. */
  @Override
  default void remove() {
    throw VitpException.unsupported(
        "Expected no remove() on a read-only RecordStream. Received: " + getClass().getName());
  }

  /** A stream over records already in memory; closing it does nothing. */
  static RecordStream of(Iterable<InstructionRecord> records) {
    return of(records.iterator(), () -> {});
  }

  /** A stream over {@code records} that runs {@code onClose} once when closed. */
  static RecordStream of(Iterator<InstructionRecord> records, Runnable onClose) {
    return new RecordStream() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        return !closed && records.hasNext();
      }

      @Override
      public InstructionRecord next() {
        if (closed) {
          throw VitpException.userError("Expected an open RecordStream. Received: closed=true");
        }
        return records.next();
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          onClose.run();
        }
      }
    };
  }

  /** What was skipped and noticed so far; complete once {@link #hasNext()} returned false. */
  default SkipSummary summary() {
    return SkipSummary.empty();
  }
}
