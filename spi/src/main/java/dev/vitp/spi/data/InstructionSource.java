package dev.vitp.spi.data;

/** Where visual instruction records come from: JSONL files, a synthetic domain, a database … */
@FunctionalInterface
public interface InstructionSource {
  /** Opens a fresh pass over the records; the caller closes it. */
  RecordStream open();
}
