package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import java.util.Arrays;

/** An immutable tensor shape. Axis arguments elsewhere may be negative (counted from the end). */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  /** A shape with the given dimensions; every dimension must be at least 0. */
  public static Shape of(int... dims) {
    if (dims.length == 0) {
      return SCALAR;
    }
    for (int d : dims) {
      if (d < 0) {
        throw VitpException.userError(
            "Expected non-negative dimensions. Received: shape=" + Arrays.toString(dims));
      }
    }
    return new Shape(dims.clone());
  }

  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  /** The size of one axis; negative axes count from the end. */
  public int dim(int axis) {
    return dims[axis(axis)];
  }

  /** The last dimension (the feature dimension by convention). */
  public int last() {
    return dim(-1);
  }

  /** Number of elements. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** The element count as an int, for host arrays. */
  public int elementCount() {
    long n = size();
    if (n > Integer.MAX_VALUE) {
      throw VitpException.userError(
          "Expected a tensor that fits a Java array. Received: shape=" + this + ", elements=" + n);
    }
    return (int) n;
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Normalises a possibly negative axis, failing with a clear message when out of range. */
  public int axis(int axis) {
    int normalised = axis < 0 ? axis + dims.length : axis;
    if (normalised < 0 || normalised >= dims.length) {
      throw VitpException.userError(
          "Expected an axis in [" + (-dims.length) + ", " + dims.length + "). Received: axis="
              + axis + ", shape=" + this);
    }
    return normalised;
  }

  /** This shape with one axis replaced. */
  public Shape with(int axis, int size) {
    int[] copy = dims.clone();
    copy[axis(axis)] = size;
    return Shape.of(copy);
  }

  /** This shape without one axis. */
  public Shape without(int axis) {
    int a = axis(axis);
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        out[j++] = dims[i];
      }
    }
    return Shape.of(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
