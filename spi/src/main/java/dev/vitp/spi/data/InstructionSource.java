package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;

/** Where visual instruction records come from: JSONL files, a synthetic domain, a database … */
@FunctionalInterface
public interface InstructionSource {
  /** Opens a fresh pass over the records; the caller closes it. */
  RecordStream open();

  /**
   * Opens a pass over the distinct records of {@link #open()}: each record once, however often
   * a pass repeats it (an InternVL recipe's {@code repeat_time}), for statistics of the data
   * itself, such as a fitted vocabulary, whose cost must not grow with the repeats. The default
   * is {@code open()}, right for a source that repeats nothing.
   */
  default RecordStream openDistinct() {
    return open();
  }

  /**
   * Opens one epoch of decoded, collated batches. Sources whose records carry no images they can
   * decode do not support it.
   */
  default BatchStream batches(LoaderOptions options) {
    throw VitpException.unsupported("Expected an instruction source that decodes images. Received: "
        + "source=" + getClass().getName() + " supports records only");
  }

  /**
   * Whether {@link #batches} applies {@link LoaderOptions#holdout()}: leaves the held-out records
   * out of training epochs and reads them alone, each once, for a held-out loss ({@code vitp
   * pretrain --val-every}). A source that does not is refused such a run before it starts.
   */
  default boolean supportsHoldout() {
    return false;
  }
}
