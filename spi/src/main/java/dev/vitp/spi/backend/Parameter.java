package dev.vitp.spi.backend;

/**
 * A persistent, named float32 tensor owned by a {@link BackendSession}: a weight, or optimizer
 * state. Names are canonical dotted names ({@code encoder.layers.0.attn.qkv.weight}) and are the
 * keys checkpoints use. Trainable parameters accumulate gradients in {@link Step#backward}.
 *
 * <p>Backends extend {@link AbstractParameter}, which owns the argument checks and messages.
 */
public interface Parameter {
  String name();

  Shape shape();

  boolean trainable();

  /** Freezes or unfreezes the parameter; a frozen parameter receives no gradient. */
  void setTrainable(boolean trainable);

  /** A host copy of the current values, row-major. */
  float[] read();

  /** Overwrites the values from a row-major host array of exactly {@code shape().size()} floats. */
  void write(float[] values);
}
