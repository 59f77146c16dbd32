package dev.vitp.spi.backend;

/** Element types a tensor may have. Model math is float32; indices and class targets are int32. */
public enum DType {
  FLOAT32,
  INT32
}
