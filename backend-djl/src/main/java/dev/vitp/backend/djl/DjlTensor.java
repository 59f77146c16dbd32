package dev.vitp.backend.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;

/** A tensor of one {@link DjlStep}: a PyTorch tensor attached to that step's DJL manager. */
final class DjlTensor implements Tensor {
  private final StepScope scope;
  private final PtNDArray array;
  private final Shape shape;
  private final DType dtype;

  DjlTensor(StepScope scope, PtNDArray array) {
    this.scope = scope;
    this.array = array;
    this.shape = shapeOf(array.getShape());
    DataType type = array.getDataType();
    if (type == DataType.FLOAT32) {
      this.dtype = DType.FLOAT32;
    } else if (type == DataType.INT32) {
      this.dtype = DType.INT32;
    } else {
      throw VitpException.internal("Backend [" + DjlPytorchBackend.NAME
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

  StepScope scope() {
    return scope;
  }

  PtNDArray array() {
    return array;
  }

  static Shape shapeOf(ai.djl.ndarray.types.Shape shape) {
    long[] dims = shape.getShape();
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = Math.toIntExact(dims[i]);
    }
    return Shape.of(out);
  }

  static long[] longs(Shape shape) {
    int[] dims = shape.dims();
    long[] out = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = dims[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return "DjlTensor[shape=" + shape + ", dtype=" + dtype + (scope.isClosed() ? ", freed" : "")
        + "]";
  }
}
