package dev.vitp.spi.data;

import java.util.Iterator;

/** A stream of records that holds resources (files, decoder threads) until closed. */
public interface RecordStream extends Iterator<InstructionRecord>, AutoCloseable {
  @Override
  void close();

  /** What was skipped and noticed so far; complete once {@link #hasNext()} returned false. */
  default SkipSummary summary() {
    return SkipSummary.empty();
  }
}
