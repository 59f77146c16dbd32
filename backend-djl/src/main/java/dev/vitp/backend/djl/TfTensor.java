package dev.vitp.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;

/** A tensor of one {@link TfStep}: a TensorFlow eager tensor attached to that step's manager. */
final class TfTensor implements Tensor {
  private final TfScope scope;
  private final NDArray array;
  private final Shape shape;
  private final DType dtype;

  TfTensor(TfScope scope, NDArray array) {
    this.scope = scope;
    this.array = array;
    this.shape = DjlTensor.shapeOf(array.getShape());
    DataType type = array.getDataType();
    if (type == DataType.FLOAT32) {
      this.dtype = DType.FLOAT32;
    } else if (type == DataType.INT32) {
      this.dtype = DType.INT32;
    } else {
      throw VitpException.internal("Backend [" + DjlTensorflowBackend.NAME
          + "] produced a tensor of unsupported dtype " + type + " with shape " + shape);
    }
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  TfScope scope() {
    return scope;
  }

  NDArray array() {
    return array;
  }

  @Override
  public String toString() {
    return "TfTensor[shape=" + shape + ", dtype=" + dtype + (scope.isClosed() ? ", freed" : "")
        + "]";
  }
}
