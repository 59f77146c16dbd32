package dev.vitp.spi.backend;

/**
 * A handle to a tensor owned by one {@link Step}. It is valid until that step closes; read values
 * with {@link Step#toFloats(Tensor)}. Backends implement this; callers only pass it to ops.
 */
public interface Tensor {
  Shape shape();

  DType dtype();
}
