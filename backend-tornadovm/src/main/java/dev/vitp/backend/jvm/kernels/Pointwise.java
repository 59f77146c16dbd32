package dev.vitp.backend.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels. Unary kernels run over blocks of {@link #BLOCK} elements. Binary kernels
 * see the broadcast output as {@code [rows, cols]} and each operand through a row stride and a
 * column stride, each 0, 1 or {@code cols}: same shape ({@code cols, 1}), repeated along rows
 * ({@code 0, 1}), one value per row ({@code 1, 0}) or a scalar ({@code 0, 0}); other broadcasts are
 * expanded to the output shape first.
 */
public final class Pointwise {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Elements per parallel item of the flat kernels. */
  public static final int BLOCK = 2048;

  // Unary op codes (ints, not enums, so the kernels stay plain-Java for TornadoVM).
  public static final int NEG = 0;
  public static final int ABS = 1;
  public static final int EXP = 2;
  public static final int LOG = 3;
  public static final int SQRT = 4;
  public static final int TANH = 5;
  public static final int SIGMOID = 6;
  public static final int RELU = 7;
  public static final int GELU = 8;
  public static final int MUL_SCALAR = 9;
  public static final int ADD_SCALAR = 10;

  // Binary op codes.
  public static final int ADD = 0;
  public static final int SUB = 1;
  public static final int MUL = 2;
  public static final int DIV = 3;
  public static final int MAXIMUM = 4;
  public static final int MINIMUM = 5;

  // Binary gradient codes: the contribution to operand x, the other operand being y.
  public static final int G_COPY = 0; // g
  public static final int G_NEG = 1; // -g
  public static final int G_MUL = 2; // g * y
  public static final int G_DIV_A = 3; // g / y            (x = a, y = b)
  public static final int G_DIV_B = 4; // -g * y / x²      (x = b, y = a)
  public static final int G_MAX_A = 5; // x >= y ? g : 0   (x = a)
  public static final int G_MAX_B = 6; // a < b ? g : 0    (x = b, y = a)
  public static final int G_MIN_A = 7; // x <= y ? g : 0   (x = a)
  public static final int G_MIN_B = 8; // a > b ? g : 0    (x = b, y = a)

  private Pointwise() {}

  public static int blocks(int n) {
    return (n + BLOCK - 1) / BLOCK;
  }

  /** {@code y = op(x)} (with {@code scalar} for MUL_SCALAR/ADD_SCALAR). */
  public static void unary(int lo, int hi, int op, float scalar, float[] x, float[] y, int n) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int e = Math.min(n, s + BLOCK);
      int i = s;
      int ve = s + S.loopBound(e - s);
      switch (op) {
        case NEG -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).mul(-1f).intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = -x[i];
          }
        }
        case ABS -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).abs().intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = Math.abs(x[i]);
          }
        }
        case EXP -> VMath.exp(x, s, y, s, e - s);
        case LOG -> {
          for (; i < e; i++) {
            y[i] = (float) Math.log(x[i]);
          }
        }
        case SQRT -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).sqrt().intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = (float) Math.sqrt(x[i]);
          }
        }
        case TANH -> {
          for (; i < e; i++) {
            y[i] = (float) Math.tanh(x[i]);
          }
        }
        case SIGMOID -> {
          for (; i < e; i++) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
          }
        }
        case RELU -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = x[i] > 0f ? x[i] : 0f;
          }
        }
        case GELU -> throw new IllegalArgumentException("GELU runs in geluForward");
        case MUL_SCALAR -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).mul(scalar).intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = x[i] * scalar;
          }
        }
        case ADD_SCALAR -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, x, i).add(scalar).intoArray(y, i);
          }
          for (; i < e; i++) {
            y[i] = x[i] + scalar;
          }
        }
        default -> throw new IllegalArgumentException("unary op " + op);
      }
    }
  }

  /**
   * {@code gx += g · op'(x)}; {@code y} is the forward output (EXP, SQRT, TANH, SIGMOID use it).
   */
  public static void unaryBackward(int lo, int hi, int op, float scalar, float[] x, float[] y,
      float[] g, float[] gx, int n) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int e = Math.min(n, s + BLOCK);
      int i = s;
      int ve = s + S.loopBound(e - s);
      switch (op) {
        case NEG -> {
          for (; i < e; i++) {
            gx[i] -= g[i];
          }
        }
        case ABS -> {
          for (; i < e; i++) {
            gx[i] += x[i] > 0f ? g[i] : x[i] < 0f ? -g[i] : 0f;
          }
        }
        case EXP -> {
          for (; i < e; i++) {
            gx[i] += g[i] * y[i];
          }
        }
        case LOG -> {
          for (; i < e; i++) {
            gx[i] += g[i] / x[i];
          }
        }
        case SQRT -> {
          for (; i < e; i++) {
            gx[i] += g[i] * 0.5f / y[i];
          }
        }
        case TANH -> {
          for (; i < e; i++) {
            gx[i] += g[i] * (1f - y[i] * y[i]);
          }
        }
        case SIGMOID -> {
          for (; i < e; i++) {
            gx[i] += g[i] * y[i] * (1f - y[i]);
          }
        }
        case RELU -> {
          for (; i < e; i++) {
            gx[i] += x[i] > 0f ? g[i] : 0f;
          }
        }
        case GELU -> throw new IllegalArgumentException("GELU runs in geluBackward");
        case MUL_SCALAR -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, g, i).fma(FloatVector.broadcast(S, scalar), FloatVector.fromArray(S, gx, i))
                .intoArray(gx, i);
          }
          for (; i < e; i++) {
            gx[i] += g[i] * scalar;
          }
        }
        case ADD_SCALAR -> {
          for (; i < ve; i += L) {
            FloatVector.fromArray(S, g, i).add(FloatVector.fromArray(S, gx, i)).intoArray(gx, i);
          }
          for (; i < e; i++) {
            gx[i] += g[i];
          }
        }
        default -> throw new IllegalArgumentException("unary op " + op);
      }
    }
  }

  /** Scratch floats a chunk of {@link #geluForward} / {@link #geluBackward} needs. */
  public static final int GELU_SCRATCH = 4 * BLOCK;

  /** Exact GELU {@code y = x·Phi(x)} over blocks, through {@code scratch} ({@link #GELU_SCRATCH}). */
  public static void geluForward(int lo, int hi, float[] x, float[] y, int n, float[] scratch) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int len = Math.min(n, s + BLOCK) - s;
      VMath.phi(x, s, scratch, scratch, BLOCK, len);
      int i = 0;
      int ve = S.loopBound(len);
      for (; i < ve; i += L) {
        FloatVector.fromArray(S, x, s + i).mul(FloatVector.fromArray(S, scratch, i))
            .intoArray(y, s + i);
      }
      for (; i < len; i++) {
        y[s + i] = x[s + i] * scratch[i];
      }
    }
  }

  /** {@code gx += g·(Phi(x) + x·exp(-x²/2)/√(2π))} over blocks, through {@code scratch}. */
  public static void geluBackward(int lo, int hi, float[] x, float[] g, float[] gx, int n,
      float[] scratch) {
    FloatVector minusHalf = FloatVector.broadcast(S, -0.5f);
    FloatVector norm = FloatVector.broadcast(S, VMath.INV_SQRT_2PI);
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int len = Math.min(n, s + BLOCK) - s;
      VMath.phi(x, s, scratch, scratch, BLOCK, len);
      int d = BLOCK;
      int i = 0;
      int ve = S.loopBound(len);
      for (; i < ve; i += L) {
        FloatVector v = FloatVector.fromArray(S, x, s + i);
        v.mul(v).mul(minusHalf).intoArray(scratch, d + i);
      }
      for (; i < len; i++) {
        scratch[d + i] = -0.5f * x[s + i] * x[s + i];
      }
      VMath.exp(scratch, d, scratch, d, len);
      i = 0;
      for (; i < ve; i += L) {
        FloatVector v = FloatVector.fromArray(S, x, s + i);
        FloatVector slope = v.mul(FloatVector.fromArray(S, scratch, d + i)).mul(norm)
            .add(FloatVector.fromArray(S, scratch, i));
        FloatVector.fromArray(S, g, s + i).fma(slope, FloatVector.fromArray(S, gx, s + i))
            .intoArray(gx, s + i);
      }
      for (; i < len; i++) {
        float slope = scratch[i] + x[s + i] * scratch[d + i] * VMath.INV_SQRT_2PI;
        gx[s + i] += g[s + i] * slope;
      }
    }
  }

  /** {@code dst[i] += src[i]} over blocks. */
  public static void accumulate(int lo, int hi, float[] src, int srcOff, float[] dst, int dstOff,
      int n) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int e = Math.min(n, s + BLOCK);
      int i = s;
      int ve = s + S.loopBound(e - s);
      for (; i < ve; i += L) {
        FloatVector.fromArray(S, src, srcOff + i).add(FloatVector.fromArray(S, dst, dstOff + i))
            .intoArray(dst, dstOff + i);
      }
      for (; i < e; i++) {
        dst[dstOff + i] += src[srcOff + i];
      }
    }
  }

  /**
   * {@code out[r, c] = a[r·aRow + c·aCol] op b[r·bRow + c·bCol]} for rows {@code [lo, hi)}.
   */
  public static void binary(int lo, int hi, int op, float[] a, int aRow, int aCol, float[] b,
      int bRow, int bCol, float[] out, int cols) {
    for (@Parallel int r = lo; r < hi; r++) {
      int ia = r * aRow;
      int ib = r * bRow;
      int io = r * cols;
      int c = 0;
      if ((aCol == 1 || aCol == 0) && (bCol == 1 || bCol == 0)) {
        int ve = S.loopBound(cols);
        for (; c < ve; c += L) {
          FloatVector va = aCol == 1 ? FloatVector.fromArray(S, a, ia + c)
              : FloatVector.broadcast(S, a[ia]);
          FloatVector vb = bCol == 1 ? FloatVector.fromArray(S, b, ib + c)
              : FloatVector.broadcast(S, b[ib]);
          FloatVector vo = switch (op) {
            case ADD -> va.add(vb);
            case SUB -> va.sub(vb);
            case MUL -> va.mul(vb);
            case DIV -> va.div(vb);
            // equal to where(a >= b, a, b) except for NaN and the sign of zero
            case MAXIMUM -> va.max(vb);
            default -> va.min(vb);
          };
          vo.intoArray(out, io + c);
        }
      }
      for (; c < cols; c++) {
        float x = a[ia + c * aCol];
        float y = b[ib + c * bCol];
        out[io + c] = switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> x / y;
          case MAXIMUM -> x >= y ? x : y;
          default -> x <= y ? x : y;
        };
      }
    }
  }

  /**
   * Gradient contribution to operand x of a binary op, for rows {@code [lo, hi)}: {@code dst[r·cols
   * + c] += f(g[r·cols + c], x[r·xRow + c·xCol], y[r·yRow + c·yCol])} with f chosen by {@code
   * code} (G_*). {@code dst} has the output's shape (x's gradient itself when x has that shape, else
   * a temporary reduced afterwards).
   */
  public static void binaryGrad(int lo, int hi, int code, float[] g, float[] x, int xRow,
      int xCol, float[] y, int yRow, int yCol, float[] dst, int cols) {
    for (@Parallel int r = lo; r < hi; r++) {
      int ix = r * xRow;
      int iy = r * yRow;
      int io = r * cols;
      int c = 0;
      if ((xCol == 1 || xCol == 0) && (yCol == 1 || yCol == 0)) {
        int ve = S.loopBound(cols);
        for (; c < ve; c += L) {
          FloatVector vg = FloatVector.fromArray(S, g, io + c);
          FloatVector vd = FloatVector.fromArray(S, dst, io + c);
          FloatVector vx = xCol == 1 ? FloatVector.fromArray(S, x, ix + c)
              : FloatVector.broadcast(S, x[ix]);
          FloatVector vy = yCol == 1 ? FloatVector.fromArray(S, y, iy + c)
              : FloatVector.broadcast(S, y[iy]);
          FloatVector zero = FloatVector.zero(S);
          FloatVector contribution = switch (code) {
            case G_COPY -> vg;
            case G_NEG -> zero.sub(vg);
            case G_MUL -> vg.mul(vy);
            case G_DIV_A -> vg.div(vy);
            case G_DIV_B -> zero.sub(vg.mul(vy).div(vx.mul(vx)));
            // masked adds rather than blends: JDK 17 compiles them to better AVX2 code
            case G_MAX_A -> zero.lanewise(VectorOperators.ADD, vg, vx.compare(VectorOperators.GE, vy));
            case G_MAX_B -> zero.lanewise(VectorOperators.ADD, vg, vy.compare(VectorOperators.LT, vx));
            case G_MIN_A -> zero.lanewise(VectorOperators.ADD, vg, vx.compare(VectorOperators.LE, vy));
            default -> zero.lanewise(VectorOperators.ADD, vg, vy.compare(VectorOperators.GT, vx));
          };
          vd.add(contribution).intoArray(dst, io + c);
        }
      }
      for (; c < cols; c++) {
        float gv = g[io + c];
        float xv = x[ix + c * xCol];
        float yv = y[iy + c * yCol];
        dst[io + c] += switch (code) {
          case G_COPY -> gv;
          case G_NEG -> -gv;
          case G_MUL -> gv * yv;
          case G_DIV_A -> gv / yv;
          case G_DIV_B -> -(gv * yv / (xv * xv));
          case G_MAX_A -> xv >= yv ? gv : 0f;
          case G_MAX_B -> yv < xv ? gv : 0f;
          case G_MIN_A -> xv <= yv ? gv : 0f;
          default -> yv > xv ? gv : 0f;
        };
      }
    }
  }

  /** {@code dst[c] += Σ_r src[r·cols + c]} for column blocks {@code [lo, hi)} of {@link #BLOCK}. */
  public static void sumRowsInto(int lo, int hi, float[] src, int rows, int cols, float[] dst) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int e = Math.min(cols, s + BLOCK);
      for (int r = 0; r < rows; r++) {
        int base = r * cols;
        int c = s;
        int ve = s + S.loopBound(e - s);
        for (; c < ve; c += L) {
          FloatVector.fromArray(S, src, base + c).add(FloatVector.fromArray(S, dst, c))
              .intoArray(dst, c);
        }
        for (; c < e; c++) {
          dst[c] += src[base + c];
        }
      }
    }
  }

  /** {@code dst[r] += Σ_c src[r·cols + c]} for rows {@code [lo, hi)}. */
  public static void sumColsInto(int lo, int hi, float[] src, int cols, float[] dst) {
    for (@Parallel int r = lo; r < hi; r++) {
      dst[r] += Reduce.sum(src, r * cols, cols);
    }
  }

  /** {@code dst[index[i]] += src[i]} (sequential: indices may repeat). */
  public static void scatterAdd(float[] src, int[] index, float[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[index[i]] += src[i];
    }
  }

  /** {@code dst[i] = src[index[i]]} for blocks {@code [lo, hi)}. */
  public static void expand(int lo, int hi, float[] src, int[] index, float[] dst, int n) {
    for (@Parallel int blk = lo; blk < hi; blk++) {
      int s = blk * BLOCK;
      int e = Math.min(n, s + BLOCK);
      for (int i = s; i < e; i++) {
        dst[i] = src[index[i]];
      }
    }
  }
}
