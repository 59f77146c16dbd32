package dev.vitp.spi.backend;

/** What a backend can do beyond plain inference. Checked before the first step. */
public enum Capability {
  /** Forward passes (every backend). */
  INFERENCE,
  /** Gradients through {@link Step#backward(Tensor)}, and therefore training. */
  TRAINING,
  /** Ops run on a GPU or other accelerator. */
  ACCELERATOR
}
