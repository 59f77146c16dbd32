package dev.vitp.spi.data;

import java.util.Iterator;

/** A stream of records that holds resources (files, decoder threads) until closed. */
public interface RecordStream extends Iterator<InstructionRecord>, AutoCloseable {
  @Override
  void close();
}
