package dev.vitp.spi.backend;

/** The groups ops are organised in, as in Keras 3 ({@code ops}, {@code ops.nn}, random). */
public enum OpGroup {
  /** Tensor creation and movement between host and backend ({@link Step}). */
  TENSOR,
  /** Core math ({@link MathOps}). */
  MATH,
  /** Neural-network ops ({@link NnOps}). */
  NN,
  /** Seeded random tensors ({@link RandomOps}); written once in the SPI on top of TENSOR and MATH. */
  RANDOM
}
