package dev.vitp.spi.data;

import java.util.Iterator;

/**
 * Batches of one epoch, decoded ahead on background threads with bounded memory, in an order fixed
 * by the seed and epoch. Closing stops the threads.
 */
public interface BatchStream extends Iterator<InstructionBatch>, AutoCloseable {
  /** What was skipped and noticed so far; complete once {@link #hasNext()} returned false. */
  SkipSummary summary();

  @Override
  void close();
}
