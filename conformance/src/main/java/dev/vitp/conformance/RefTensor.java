package dev.vitp.conformance;

import dev.vitp.spi.backend.Shape;
import java.util.Arrays;

/**
 * An immutable float64 tensor for the reference implementations: a shape and row-major values.
 * Integer tensors (indices, targets, argmax results) hold integral values.
 */
public final class RefTensor {
  final int[] shape;
  final double[] data;

  private RefTensor(int[] shape, double[] data) {
    if (size(shape) != data.length) {
      throw new IllegalArgumentException(
          "Expected " + size(shape) + " values for shape " + Arrays.toString(shape) + ", got "
              + data.length);
    }
    this.shape = shape;
    this.data = data;
  }

  /** A tensor of the given shape and row-major values (both copied). */
  public static RefTensor of(int[] shape, double... data) {
    return new RefTensor(shape.clone(), data.clone());
  }

  public static RefTensor scalar(double value) {
    return new RefTensor(new int[0], new double[] {value});
  }

  public static RefTensor ofFloats(Shape shape, float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return new RefTensor(shape.dims(), d);
  }

  public static RefTensor ofInts(Shape shape, int[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return new RefTensor(shape.dims(), d);
  }

  /** Wraps arrays without copying; callers hand over ownership. */
  static RefTensor wrap(int[] shape, double[] data) {
    return new RefTensor(shape, data);
  }

  public int[] shape() {
    return shape.clone();
  }

  public Shape spiShape() {
    return Shape.of(shape);
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis < 0 ? axis + shape.length : axis];
  }

  public int size() {
    return data.length;
  }

  /** Row-major values (a copy). */
  public double[] data() {
    return data.clone();
  }

  public double get(int flatIndex) {
    return data[flatIndex];
  }

  /** The value at a multi-index. */
  public double at(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("Expected " + shape.length + " indices");
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(Arrays.toString(index) + " in " + Arrays.toString(shape));
      }
      flat = flat * shape[i] + index[i];
    }
    return data[flat];
  }

  /** The values rounded to int (for index tensors). */
  public int[] toInts() {
    int[] out = new int[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) Math.round(data[i]);
    }
    return out;
  }

  /** The values rounded to float32. */
  public float[] toFloats() {
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) data[i];
    }
    return out;
  }

  /** This tensor with one element replaced (for finite differences). */
  public RefTensor withElement(int flatIndex, double value) {
    double[] copy = data.clone();
    copy[flatIndex] = value;
    return new RefTensor(shape, copy);
  }

  static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Too large: " + Arrays.toString(shape));
    }
    return (int) n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RefTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return Arrays.toString(shape) + " " + Arrays.toString(data);
  }
}
