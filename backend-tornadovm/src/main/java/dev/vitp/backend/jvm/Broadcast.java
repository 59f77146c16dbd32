package dev.vitp.backend.jvm;

import dev.vitp.spi.backend.Shape;

/**
 * How the two operands of a broadcasting binary op map onto the output, seen as {@code [rows,
 * cols]}: each operand is read at {@code row·rowStride + col·colStride}. The patterns the models
 * use (equal shapes, a scalar, a bias repeated along rows, one value per row) all have such
 * strides; any other operand is expanded to the output's shape through an index map.
 */
final class Broadcast {
  enum Kind { SAME, SCALAR, REPEAT, BLOCK, GENERAL }

  /** One operand's mapping. {@code index} is set for GENERAL only (output element → element). */
  record Operand(Kind kind, int rowStride, int colStride, int[] index) {}

  record Plan(int rows, int cols, Operand a, Operand b) {}

  private static final int[] NO_INDEX = new int[0];

  private Broadcast() {}

  static Plan plan(Shape a, Shape b, Shape out) {
    int size = out.elementCount();
    int[] o = out.dims();
    if (size == 0) {
      return new Plan(0, 1, new Operand(Kind.SAME, 1, 1, NO_INDEX),
          new Operand(Kind.SAME, 1, 1, NO_INDEX));
    }
    Kind ka = kind(a, o);
    Kind kb = kind(b, o);
    int pa = period(ka, a, o);
    int pb = period(kb, b, o);
    if (pa > 0 && pb > 0 && pa != pb) {
      kb = Kind.GENERAL; // two strided patterns that do not share a row length: expand b
      pb = 0;
    }
    int cols = pa > 0 ? pa : pb > 0 ? pb : o.length == 0 ? 1 : o[o.length - 1];
    return new Plan(size / cols, cols, operand(ka, a, o, cols), operand(kb, b, o, cols));
  }

  private static Operand operand(Kind kind, Shape s, int[] out, int cols) {
    return switch (kind) {
      case SAME -> new Operand(Kind.SAME, cols, 1, NO_INDEX);
      case SCALAR -> new Operand(Kind.SCALAR, 0, 0, NO_INDEX);
      case REPEAT -> cols == period(kind, s, out) ? new Operand(Kind.REPEAT, 0, 1, NO_INDEX)
          : general(s, out, cols);
      case BLOCK -> cols == period(kind, s, out) ? new Operand(Kind.BLOCK, 1, 0, NO_INDEX)
          : general(s, out, cols);
      case GENERAL -> general(s, out, cols);
    };
  }

  private static Operand general(Shape s, int[] out, int cols) {
    return new Operand(Kind.GENERAL, cols, 1, indexMap(s.dims(), out));
  }

  /** The REPEAT period or BLOCK length of an operand, 0 for the other kinds. */
  private static int period(Kind kind, Shape s, int[] out) {
    int[] d = padded(s.dims(), out.length);
    if (kind == Kind.REPEAT) {
      int f = 0;
      while (d[f] == 1) {
        f++;
      }
      return product(out, f, out.length);
    }
    if (kind == Kind.BLOCK) {
      int l = out.length - 1;
      while (d[l] == 1) {
        l--;
      }
      return product(out, l + 1, out.length);
    }
    return 0;
  }

  private static Kind kind(Shape s, int[] out) {
    int[] d = padded(s.dims(), out.length);
    if (java.util.Arrays.equals(d, out)) {
      return Kind.SAME;
    }
    if (s.size() == 1) {
      return Kind.SCALAR;
    }
    int f = 0;
    while (d[f] == 1) {
      f++;
    }
    boolean repeat = true;
    for (int i = f; i < out.length; i++) {
      repeat &= d[i] == out[i];
    }
    if (repeat) {
      return Kind.REPEAT;
    }
    int l = out.length - 1;
    while (d[l] == 1) {
      l--;
    }
    boolean block = true;
    for (int i = 0; i <= l; i++) {
      block &= d[i] == out[i];
    }
    return block ? Kind.BLOCK : Kind.GENERAL;
  }

  private static int[] padded(int[] dims, int rank) {
    int[] d = new int[rank];
    java.util.Arrays.fill(d, 1);
    System.arraycopy(dims, 0, d, rank - dims.length, dims.length);
    return d;
  }

  private static int product(int[] d, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= d[i];
    }
    return p;
  }

  /** For every output element (row-major), the flat index of the operand element it reads. */
  static int[] indexMap(int[] in, int[] out) {
    int rank = out.length;
    int[] d = padded(in, rank);
    int[] stride = new int[rank];
    int s = 1;
    for (int i = rank - 1; i >= 0; i--) {
      stride[i] = d[i] == 1 ? 0 : s;
      s *= d[i];
    }
    int size = product(out, 0, rank);
    int[] index = new int[size];
    int[] counter = new int[rank];
    int at = 0;
    for (int e = 0; e < size; e++) {
      index[e] = at;
      for (int i = rank - 1; i >= 0; i--) {
        counter[i]++;
        at += stride[i];
        if (counter[i] < out[i]) {
          break;
        }
        at -= stride[i] * counter[i];
        counter[i] = 0;
      }
    }
    return index;
  }
}
