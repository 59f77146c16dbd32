package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * Generators of small, valid calls ({@link #valid(Op)}) and of malformed calls ({@link
 * #malformed(Op)}) for every op. Shapes come from jqwik arbitraries (so they shrink towards 1);
 * values and secondary choices come from a generated seed (so a counterexample is reproducible).
 * Values stay clear of kinks (relu, abs, max, …) by more than the finite-difference step.
 */
final class OpCalls {
  static final int MAX_DIM = 4;

  private OpCalls() {}

  // ------------------------------------------------------------------------------ valid calls

  static Arbitrary<OpCall> valid(Op op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> binary(op);
      case NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID, GELU, RELU -> unary(op);
      case MUL_SCALAR, ADD_SCALAR -> withScalar(op);
      case MATMUL -> matmul();
      case TRANSPOSE -> transpose();
      case RESHAPE -> reshape();
      case SUM, MEAN, MAX -> reduce(op);
      case ARGMAX -> argmax();
      case CONCAT -> concat();
      case SLICE -> slice();
      case GATHER -> gather();
      case LINEAR -> linear();
      case LAYER_NORM -> layerNorm();
      case SOFTMAX, LOG_SOFTMAX -> normalise(op);
      case ATTENTION -> attention();
      case CONV2D -> conv2d();
      case CONV_TRANSPOSE2D -> convTranspose2d();
      case RESIZE_BILINEAR -> resize();
      case CROSS_ENTROPY -> crossEntropy();
      case UNIFORM, NORMAL, BERNOULLI -> randomTensor(op);
      case DROPOUT -> dropout();
      case CONSTANT, ASSIGN ->
          throw new IllegalArgumentException(op + " is checked by dedicated round-trip properties");
    };
  }

  static Arbitrary<int[]> shapes(int minRank, int maxRank, int maxDim) {
    return Arbitraries.integers().between(1, maxDim).array(int[].class).ofMinSize(minRank)
        .ofMaxSize(maxRank);
  }

  static Arbitrary<int[]> dims(int count, int min, int max) {
    return Arbitraries.integers().between(min, max).array(int[].class).ofSize(count);
  }

  static Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  private static Arbitrary<OpCall> binary(Op op) {
    return Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((out, seed) -> {
      Gen g = new Gen(seed);
      int[] sa = g.broadcastVariant(out);
      int[] sb = g.broadcastVariant(out);
      Values va = switch (op) {
        case MAXIMUM, MINIMUM -> Values.GRID;
        default -> Values.ANY;
      };
      Values vb = switch (op) {
        case DIV -> Values.NONZERO;
        case MAXIMUM, MINIMUM -> Values.OFF_GRID;
        default -> Values.ANY;
      };
      return OpCall.of(op, seed)
          .floats("a", Shape.of(sa), g.floats(sa, va))
          .floats("b", Shape.of(sb), g.floats(sb, vb))
          .backend((s, t) -> binaryOn(op, s.math(), t.get(0), t.get(1)))
          .reference(in -> binaryRef(op, in.get(0), in.get(1)))
          .build();
    });
  }

  static Tensor binaryOn(Op op, dev.vitp.spi.backend.MathOps m, Tensor a, Tensor b) {
    return switch (op) {
      case ADD -> m.add(a, b);
      case SUB -> m.sub(a, b);
      case MUL -> m.mul(a, b);
      case DIV -> m.div(a, b);
      case MAXIMUM -> m.maximum(a, b);
      case MINIMUM -> m.minimum(a, b);
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  static RefTensor binaryRef(Op op, RefTensor a, RefTensor b) {
    return switch (op) {
      case ADD -> ReferenceOps.add(a, b);
      case SUB -> ReferenceOps.sub(a, b);
      case MUL -> ReferenceOps.mul(a, b);
      case DIV -> ReferenceOps.div(a, b);
      case MAXIMUM -> ReferenceOps.maximum(a, b);
      case MINIMUM -> ReferenceOps.minimum(a, b);
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  private static Arbitrary<OpCall> unary(Op op) {
    return Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      Values v = switch (op) {
        case LOG, SQRT -> Values.POSITIVE;
        case ABS, RELU -> Values.AWAY_FROM_ZERO;
        case GELU -> Values.WIDE;
        default -> Values.ANY;
      };
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, v))
          .backend((s, t) -> unaryOn(op, s, t.get(0)))
          .reference(in -> unaryRef(op, in.get(0)))
          .build();
    });
  }

  static Tensor unaryOn(Op op, dev.vitp.spi.backend.Step s, Tensor x) {
    return switch (op) {
      case NEG -> s.math().neg(x);
      case ABS -> s.math().abs(x);
      case EXP -> s.math().exp(x);
      case LOG -> s.math().log(x);
      case SQRT -> s.math().sqrt(x);
      case TANH -> s.math().tanh(x);
      case SIGMOID -> s.math().sigmoid(x);
      case GELU -> s.nn().gelu(x);
      case RELU -> s.nn().relu(x);
      case MUL_SCALAR -> s.math().mulScalar(x, 1.5f);
      case ADD_SCALAR -> s.math().addScalar(x, 1.5f);
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  static RefTensor unaryRef(Op op, RefTensor x) {
    return switch (op) {
      case NEG -> ReferenceOps.neg(x);
      case ABS -> ReferenceOps.abs(x);
      case EXP -> ReferenceOps.exp(x);
      case LOG -> ReferenceOps.log(x);
      case SQRT -> ReferenceOps.sqrt(x);
      case TANH -> ReferenceOps.tanh(x);
      case SIGMOID -> ReferenceOps.sigmoid(x);
      case GELU -> ReferenceOps.gelu(x);
      case RELU -> ReferenceOps.relu(x);
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  private static Arbitrary<OpCall> withScalar(Op op) {
    return Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      float scalar = g.uniform(-3, 3);
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("scalar", scalar)
          .backend((s, t) -> op == Op.MUL_SCALAR ? s.math().mulScalar(t.get(0), scalar)
              : s.math().addScalar(t.get(0), scalar))
          .reference(in -> op == Op.MUL_SCALAR ? ReferenceOps.mulScalar(in.get(0), scalar)
              : ReferenceOps.addScalar(in.get(0), scalar))
          .build();
    });
  }

  private static Arbitrary<OpCall> matmul() {
    return Combinators.combine(shapes(0, 2, 3), dims(3, 1, MAX_DIM), seeds()).as((batch, mkn, seed) -> {
      Gen g = new Gen(seed);
      int[] sa = concatDims(g.broadcastVariant(batch), mkn[0], mkn[1]);
      int[] sb = concatDims(g.broadcastVariant(batch), mkn[1], mkn[2]);
      return OpCall.of(Op.MATMUL, seed)
          .floats("a", Shape.of(sa), g.floats(sa, Values.ANY))
          .floats("b", Shape.of(sb), g.floats(sb, Values.ANY))
          .backend((s, t) -> s.math().matmul(t.get(0), t.get(1)))
          .reference(in -> ReferenceOps.matmul(in.get(0), in.get(1)))
          .build();
    });
  }

  private static Arbitrary<OpCall> transpose() {
    return Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int[] perm = g.permutation(shape.length);
      return OpCall.of(Op.TRANSPOSE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("permutation", perm)
          .backend((s, t) -> s.math().transpose(t.get(0), perm))
          .reference(in -> ReferenceOps.transpose(in.get(0), perm))
          .build();
    });
  }

  private static Arbitrary<OpCall> reshape() {
    return Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int n = RefTensor.size(shape);
      int[] target = n == 1 && g.nextInt(3) == 0 ? new int[0] : g.factorise(n, 1 + g.nextInt(4));
      if (target.length > 0 && g.nextBoolean()) {
        target[g.nextInt(target.length)] = -1;
      }
      return OpCall.of(Op.RESHAPE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("dims", target)
          .backend((s, t) -> s.math().reshape(t.get(0), target))
          .reference(in -> ReferenceOps.reshape(in.get(0), target))
          .build();
    });
  }

  private static Arbitrary<OpCall> reduce(Op op) {
    return Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      boolean keepDims = g.nextBoolean();
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, op == Op.MAX ? Values.DISTINCT : Values.ANY))
          .attribute("axis", axis)
          .attribute("keepDims", keepDims)
          .backend((s, t) -> switch (op) {
            case SUM -> s.math().sum(t.get(0), axis, keepDims);
            case MEAN -> s.math().mean(t.get(0), axis, keepDims);
            default -> s.math().max(t.get(0), axis, keepDims);
          })
          .reference(in -> switch (op) {
            case SUM -> ReferenceOps.sum(in.get(0), axis, keepDims);
            case MEAN -> ReferenceOps.mean(in.get(0), axis, keepDims);
            default -> ReferenceOps.max(in.get(0), axis, keepDims);
          })
          .build();
    });
  }

  private static Arbitrary<OpCall> argmax() {
    return Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      return OpCall.of(Op.ARGMAX, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.DISTINCT))
          .attribute("axis", axis)
          .backend((s, t) -> s.math().argmax(t.get(0), axis))
          .reference(in -> ReferenceOps.argmax(in.get(0), axis))
          .build();
    });
  }

  private static Arbitrary<OpCall> concat() {
    return Combinators.combine(shapes(1, 4, MAX_DIM), dims(3, 1, 3), seeds()).as((shape, lens, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int count = 1 + g.nextInt(3);
      OpCall.Builder b = OpCall.of(Op.CONCAT, seed);
      for (int i = 0; i < count; i++) {
        int[] si = shape.clone();
        si[Math.floorMod(axis, shape.length)] = lens[i];
        b.floats("t" + i, Shape.of(si), g.floats(si, Values.ANY));
      }
      return b.attribute("axis", axis)
          .backend((s, t) -> s.math().concat(t, axis))
          .reference(in -> ReferenceOps.concat(in, axis))
          .build();
    });
  }

  private static Arbitrary<OpCall> slice() {
    return Combinators.combine(shapes(1, 4, 5), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int d = shape[Math.floorMod(axis, shape.length)];
      int start = g.nextInt(d);
      int end = start + 1 + g.nextInt(d - start);
      return OpCall.of(Op.SLICE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("axis", axis).attribute("start", start).attribute("end", end)
          .backend((s, t) -> s.math().slice(t.get(0), axis, start, end))
          .reference(in -> ReferenceOps.slice(in.get(0), axis, start, end))
          .build();
    });
  }

  /** A slice with {@code start == end}: an empty result, which the contract allows. */
  static Arbitrary<OpCall> emptySlice() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int at = g.nextInt(shape[Math.floorMod(axis, shape.length)] + 1);
      return OpCall.of(Op.SLICE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("axis", axis).attribute("start", at).attribute("end", at)
          .backend((s, t) -> s.math().slice(t.get(0), axis, at, at))
          .reference(in -> ReferenceOps.slice(in.get(0), axis, at, at))
          .build();
    });
  }

  private static Arbitrary<OpCall> gather() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), shapes(0, 2, 3), seeds()).as((shape, idxShape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int d = shape[Math.floorMod(axis, shape.length)];
      int[] idx = new int[RefTensor.size(idxShape)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = g.nextInt(d);
      }
      return OpCall.of(Op.GATHER, seed)
          .floats("a", Shape.of(shape), g.floats(shape, Values.ANY))
          .ints("indices", Shape.of(idxShape), idx)
          .attribute("axis", axis)
          .backend((s, t) -> s.math().gather(t.get(0), axis, t.get(1)))
          .reference(in -> ReferenceOps.gather(in.get(0), axis, in.get(1)))
          .build();
    });
  }

  private static Arbitrary<OpCall> linear() {
    return Combinators.combine(shapes(0, 2, 3), dims(2, 1, MAX_DIM), seeds()).as((lead, io, seed) -> {
      Gen g = new Gen(seed);
      int[] sx = concatDims(lead, io[0]);
      int[] sw = {io[1], io[0]};
      boolean withBias = g.nextBoolean();
      OpCall.Builder b = OpCall.of(Op.LINEAR, seed)
          .floats("x", Shape.of(sx), g.floats(sx, Values.ANY))
          .floats("weight", Shape.of(sw), g.floats(sw, Values.ANY));
      if (withBias) {
        b.floats("bias", Shape.of(io[1]), g.floats(new int[] {io[1]}, Values.ANY));
      }
      return b.backend((s, t) -> s.nn().linear(t.get(0), t.get(1), withBias ? t.get(2) : null))
          .reference(in -> ReferenceOps.linear(in.get(0), in.get(1), withBias ? in.get(2) : null))
          .build();
    });
  }

  private static Arbitrary<OpCall> layerNorm() {
    return Combinators.combine(shapes(0, 2, 3), Arbitraries.integers().between(1, 5), seeds()).as((lead, c, seed) -> {
      Gen g = new Gen(seed);
      int[] sx = concatDims(lead, c);
      float eps = new float[] {1e-5f, 1e-3f, 0.1f}[g.nextInt(3)];
      return OpCall.of(Op.LAYER_NORM, seed)
          .floats("x", Shape.of(sx), g.spreadRows(sx))
          .floats("gamma", Shape.of(c), g.floats(new int[] {c}, Values.ANY))
          .floats("beta", Shape.of(c), g.floats(new int[] {c}, Values.ANY))
          .attribute("eps", eps)
          .backend((s, t) -> s.nn().layerNorm(t.get(0), t.get(1), t.get(2), eps))
          .reference(in -> ReferenceOps.layerNorm(in.get(0), in.get(1), in.get(2), eps))
          .build();
    });
  }

  private static Arbitrary<OpCall> normalise(Op op) {
    return Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      boolean log = op == Op.LOG_SOFTMAX;
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.offset(g.floats(shape, Values.WIDE), g.largeOffset()))
          .attribute("axis", axis)
          .backend((s, t) -> log ? s.nn().logSoftmax(t.get(0), axis) : s.nn().softmax(t.get(0), axis))
          .reference(in -> log ? ReferenceOps.logSoftmax(in.get(0), axis)
              : ReferenceOps.softmax(in.get(0), axis))
          .build();
    });
  }

  private static Arbitrary<OpCall> attention() {
    return Combinators.combine(dims(2, 1, 2), dims(4, 1, MAX_DIM), Arbitraries.of(false, true), seeds())
        .as((bh, tdv, causal, seed) -> {
          Gen g = new Gen(seed);
          int tq = tdv[0];
          int tk = causal ? tq : tdv[1];
          int[] sq = {bh[0], bh[1], tq, tdv[2]};
          int[] sk = {bh[0], bh[1], tk, tdv[2]};
          int[] sv = {bh[0], bh[1], tk, tdv[3]};
          return OpCall.of(Op.ATTENTION, seed)
              .floats("q", Shape.of(sq), g.floats(sq, Values.ANY))
              .floats("k", Shape.of(sk), g.floats(sk, Values.ANY))
              .floats("v", Shape.of(sv), g.floats(sv, Values.ANY))
              .attribute("causal", causal)
              .backend((s, t) -> s.nn().attention(t.get(0), t.get(1), t.get(2), causal))
              .reference(in -> ReferenceOps.attention(in.get(0), in.get(1), in.get(2), causal))
              .build();
        });
  }

  /** dims: N, Cin, H, W, Cout, kh, kw; conv: stride 1..2, padding 0..1. */
  private static Arbitrary<OpCall> conv2d() {
    return Combinators.combine(dims(2, 1, 2), dims(2, 1, 5), dims(3, 1, 3), seeds())
        .as((nc, hw, okk, seed) -> {
          Gen g = new Gen(seed);
          int stride = 1 + g.nextInt(2);
          int padding = g.nextInt(2);
          int kh = Math.min(okk[1], hw[0] + 2 * padding);
          int kw = Math.min(okk[2], hw[1] + 2 * padding);
          int[] sx = {nc[0], nc[1], hw[0], hw[1]};
          int[] sw = {okk[0], nc[1], kh, kw};
          boolean withBias = g.nextBoolean(); // drawn first, as the generated cases always were
          float[] x = g.floats(sx, Values.ANY);
          float[] w = g.floats(sw, Values.ANY);
          float[] bias = withBias ? g.floats(new int[] {okk[0]}, Values.ANY) : null;
          return convCall(Op.CONV2D, seed, Shape.of(sx), x, Shape.of(sw), w, bias, stride,
              padding);
        });
  }

  /**
   * One conv2d or convTranspose2d call ({@code op}) with the given values (a bias when {@code
   * bias} is not null).
   */
  static OpCall convCall(Op op, long seed, Shape xShape, float[] x, Shape wShape, float[] w,
      float @Nullable [] bias, int stride, int padding) {
    boolean transposed = op == Op.CONV_TRANSPOSE2D;
    boolean withBias = bias != null;
    OpCall.Builder b = OpCall.of(op, seed).floats("x", xShape, x).floats("weight", wShape, w);
    if (bias != null) {
      b.floats("bias", Shape.of(bias.length), bias);
    }
    return b.attribute("stride", stride).attribute("padding", padding)
        .backend((s, t) -> transposed
            ? s.nn().convTranspose2d(t.get(0), t.get(1), withBias ? t.get(2) : null, stride,
                padding)
            : s.nn().conv2d(t.get(0), t.get(1), withBias ? t.get(2) : null, stride, padding))
        .reference(in -> transposed
            ? ReferenceOps.convTranspose2d(in.get(0), in.get(1), withBias ? in.get(2) : null,
                stride, padding)
            : ReferenceOps.conv2d(in.get(0), in.get(1), withBias ? in.get(2) : null, stride,
                padding))
        .build();
  }

  private static Arbitrary<OpCall> convTranspose2d() {
    return Combinators.combine(dims(2, 1, 2), dims(2, 1, 4), dims(3, 1, 3), seeds())
        .as((nc, hw, okk, seed) -> {
          Gen g = new Gen(seed);
          int stride = 1 + g.nextInt(2);
          int kh = okk[1];
          int kw = okk[2];
          int maxPad = Math.min((hw[0] - 1) * stride + kh - 1, (hw[1] - 1) * stride + kw - 1) / 2;
          // PyTorch also needs padding < kernel for the transposed conv to be a convolution's
          // adjoint without cropping more than the kernel adds.
          int padding = Math.min(g.nextInt(2), Math.min(maxPad, Math.min(kh, kw) - 1));
          int[] sx = {nc[0], nc[1], hw[0], hw[1]};
          int[] sw = {nc[1], okk[0], kh, kw};
          boolean withBias = g.nextBoolean(); // drawn first, as the generated cases always were
          float[] x = g.floats(sx, Values.ANY);
          float[] w = g.floats(sw, Values.ANY);
          float[] bias = withBias ? g.floats(new int[] {okk[0]}, Values.ANY) : null;
          return convCall(Op.CONV_TRANSPOSE2D, seed, Shape.of(sx), x, Shape.of(sw), w, bias,
              stride, padding);
        });
  }

  private static Arbitrary<OpCall> resize() {
    return Combinators.combine(dims(2, 1, 2), dims(2, 1, MAX_DIM), dims(2, 1, 6), seeds())
        .as((nc, hw, out, seed) -> {
          Gen g = new Gen(seed);
          int[] sx = {nc[0], nc[1], hw[0], hw[1]};
          return OpCall.of(Op.RESIZE_BILINEAR, seed)
              .floats("x", Shape.of(sx), g.floats(sx, Values.ANY))
              .attribute("height", out[0]).attribute("width", out[1])
              .backend((s, t) -> s.nn().resizeBilinear(t.get(0), out[0], out[1]))
              .reference(in -> ReferenceOps.resizeBilinear(in.get(0), out[0], out[1]))
              .build();
        });
  }

  private static Arbitrary<OpCall> crossEntropy() {
    return Combinators.combine(dims(2, 1, 5), seeds()).as((nc, seed) -> {
      Gen g = new Gen(seed);
      int n = nc[0];
      int c = nc[1];
      int ignore = new int[] {-100, -1, c, g.nextInt(c)}[g.nextInt(4)];
      if (c == 1 && ignore == 0) {
        ignore = -100; // keep a class that is not ignored
      }
      int[] targets = new int[n];
      for (int i = 0; i < n; i++) {
        if (i > 0 && g.nextInt(4) == 0) {
          targets[i] = ignore; // target 0 is always supervised; all-ignored is checked apart
        } else {
          do {
            targets[i] = g.nextInt(c);
          } while (targets[i] == ignore);
        }
      }
      int[] sl = {n, c};
      int finalIgnore = ignore;
      return OpCall.of(Op.CROSS_ENTROPY, seed)
          .floats("logits", Shape.of(sl), g.offset(g.floats(sl, Values.WIDE), g.largeOffset()))
          .ints("targets", Shape.of(n), targets)
          .attribute("ignoreIndex", finalIgnore)
          .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), finalIgnore))
          .reference(in -> ReferenceOps.crossEntropy(in.get(0), in.get(1), finalIgnore))
          .build();
    });
  }

  private static Arbitrary<OpCall> randomTensor(Op op) {
    return Combinators.combine(shapes(0, 4, 5), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      float a = g.uniform(-2, 2);
      float b = switch (op) {
        case BERNOULLI -> (float) g.nextDouble(); // p
        case NORMAL -> 0.1f + g.uniform(0, 2); // std
        default -> a + 0.1f + g.uniform(0, 2); // high
      };
      OpCall.Builder builder = OpCall.of(op, seed);
      switch (op) {
        case UNIFORM -> builder.attribute("low", a).attribute("high", b)
            .backend((s, t) -> s.random().uniform(Shape.of(shape), a, b))
            .reference(in -> ReferenceOps.uniform(new SplittableRandom(seed), shape, a, b));
        case NORMAL -> builder.attribute("mean", a).attribute("std", b)
            .backend((s, t) -> s.random().normal(Shape.of(shape), a, b))
            .reference(in -> ReferenceOps.normal(new SplittableRandom(seed), shape, a, b));
        default -> builder.attribute("p", b)
            .backend((s, t) -> s.random().bernoulli(Shape.of(shape), b))
            .reference(in -> ReferenceOps.bernoulli(new SplittableRandom(seed), shape, b));
      }
      return builder.attribute("shape", shape).build();
    });
  }

  private static Arbitrary<OpCall> dropout() {
    return Combinators.combine(shapes(0, 4, 5), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      float p = new float[] {0f, 0.1f, 0.5f, 0.9f, (float) (g.nextDouble() * 0.95)}[g.nextInt(5)];
      return OpCall.of(Op.DROPOUT, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.AWAY_FROM_ZERO))
          .attribute("p", p)
          .backend((s, t) -> s.random().dropout(t.get(0), p))
          .reference(in -> ReferenceOps.dropout(new SplittableRandom(seed), in.get(0), p))
          .build();
    });
  }

  // ------------------------------------------------------------------------- malformed calls

  /**
   * Calls that the spi (or, for gather indices and cross-entropy targets, the kernel) must reject
   * with a USER_ERROR naming the op and the received shapes.
   */
  static Arbitrary<OpCall> malformed(Op op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> Combinators.combine(dims(2, 2, 4), seeds())
          .as((d, seed) -> {
            int[] sa = {1 + Math.floorMod(seed, 3), d[0]};
            int[] sb = {d[0] == d[1] ? d[1] + 1 : d[1]};
            Gen g = new Gen(seed);
            return OpCall.of(op, seed)
                .floats("a", Shape.of(sa), g.floats(sa, Values.ANY))
                .floats("b", Shape.of(sb), g.floats(sb, Values.ANY))
                .backend((s, t) -> binaryOn(op, s.math(), t.get(0), t.get(1)))
                .expectInMessage(Arrays.toString(sa), Arrays.toString(sb))
                .build();
          });
      case NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID, GELU, RELU, MUL_SCALAR, ADD_SCALAR ->
          intInput(op, (s, t) -> unaryOn(op, s, t.get(0)));
      case SOFTMAX -> intInput(op, (s, t) -> s.nn().softmax(t.get(0), 0));
      case LOG_SOFTMAX -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
          badAxis(op, shape, seed, (s, t, axis) -> s.nn().logSoftmax(t, axis)));
      case SUM -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
          badAxis(op, shape, seed, (s, t, axis) -> s.math().sum(t, axis, false)));
      case MEAN -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
          badAxis(op, shape, seed, (s, t, axis) -> s.math().mean(t, axis, true)));
      case MAX -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
          badAxis(op, shape, seed, (s, t, axis) -> s.math().max(t, axis, false)));
      case ARGMAX -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
          badAxis(op, shape, seed, (s, t, axis) -> s.math().argmax(t, axis)));
      case MATMUL -> Combinators.combine(dims(4, 1, MAX_DIM), seeds()).as((d, seed) -> {
        int[] sa = {d[0], d[1]};
        int[] sb = {d[1] + d[2], d[3]};
        return twoFloats(op, sa, sb, seed, (s, t) -> s.math().matmul(t.get(0), t.get(1)));
      });
      case TRANSPOSE -> Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
        Gen g = new Gen(seed);
        int[] perm = g.permutation(shape.length);
        int[] bad = shape.length == 1 ? new int[] {0, 0} : perm.clone();
        if (shape.length > 1) {
          bad[0] = bad[1]; // a repeated axis
        }
        return OpCall.of(op, seed)
            .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
            .attribute("permutation", bad)
            .backend((s, t) -> s.math().transpose(t.get(0), bad))
            .expectInMessage(Arrays.toString(shape), Arrays.toString(bad))
            .build();
      });
      case RESHAPE -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
        Gen g = new Gen(seed);
        int[] bad = {RefTensor.size(shape) + 1};
        return OpCall.of(op, seed)
            .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
            .attribute("dims", bad)
            .backend((s, t) -> s.math().reshape(t.get(0), bad))
            .expectInMessage(Arrays.toString(shape), Arrays.toString(bad))
            .build();
      });
      case CONCAT -> Combinators.combine(dims(3, 1, 3), seeds()).as((d, seed) -> {
        int[] sa = {d[0], d[1], d[2]};
        int[] sb = {d[0], d[1] + 1, d[2]};
        return twoFloats(op, sa, sb, seed, (s, t) -> s.math().concat(t, 0));
      });
      case SLICE -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
        Gen g = new Gen(seed);
        int axis = g.nextInt(shape.length);
        int end = shape[axis] + 1;
        return OpCall.of(op, seed)
            .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
            .attribute("axis", axis).attribute("start", 0).attribute("end", end)
            .backend((s, t) -> s.math().slice(t.get(0), axis, 0, end))
            .expectInMessage(Arrays.toString(shape), "end=" + end)
            .build();
      });
      case GATHER -> Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
        Gen g = new Gen(seed);
        int[] idx = {0};
        return OpCall.of(op, seed)
            .floats("a", Shape.of(shape), g.floats(shape, Values.ANY))
            .ints("indices", Shape.of(1), idx)
            .attribute("axis", shape.length)
            .backend((s, t) -> s.math().gather(t.get(0), shape.length, t.get(1)))
            .expectInMessage(Arrays.toString(shape), "axis=" + shape.length)
            .build();
      });
      case LINEAR -> Combinators.combine(dims(3, 1, MAX_DIM), seeds()).as((d, seed) ->
          twoFloats(op, new int[] {d[0], d[1]}, new int[] {d[2], d[1] + 1}, seed,
              (s, t) -> s.nn().linear(t.get(0), t.get(1), null)));
      case LAYER_NORM -> Combinators.combine(dims(2, 1, MAX_DIM), seeds()).as((d, seed) -> {
        Gen g = new Gen(seed);
        int[] sx = {d[0], d[1]};
        int[] sg = {d[1] + 1};
        return OpCall.of(op, seed)
            .floats("x", Shape.of(sx), g.floats(sx, Values.ANY))
            .floats("gamma", Shape.of(sg), g.floats(sg, Values.ANY))
            .floats("beta", Shape.of(d[1]), g.floats(new int[] {d[1]}, Values.ANY))
            .backend((s, t) -> s.nn().layerNorm(t.get(0), t.get(1), t.get(2), 1e-5f))
            .expectInMessage(Arrays.toString(sx), Arrays.toString(sg))
            .build();
      });
      case ATTENTION -> Combinators.combine(dims(4, 1, 3), Arbitraries.of(false, true), seeds())
          .as((d, causal, seed) -> {
            Gen g = new Gen(seed);
            // causal: Tq != Tk; otherwise: mismatched head dimension D
            int[] sq = {1, d[0], d[1], d[2]};
            int[] sk = causal ? new int[] {1, d[0], d[1] + 1, d[2]} : new int[] {1, d[0], d[3], d[2] + 1};
            int[] sv = {1, d[0], sk[2], d[3]};
            return OpCall.of(op, seed)
                .floats("q", Shape.of(sq), g.floats(sq, Values.ANY))
                .floats("k", Shape.of(sk), g.floats(sk, Values.ANY))
                .floats("v", Shape.of(sv), g.floats(sv, Values.ANY))
                .attribute("causal", causal)
                .backend((s, t) -> s.nn().attention(t.get(0), t.get(1), t.get(2), causal))
                .expectInMessage(Arrays.toString(sq), Arrays.toString(sk), Arrays.toString(sv))
                .build();
          });
      case CONV2D -> Combinators.combine(dims(4, 1, 3), seeds()).as((d, seed) ->
          twoFloats(op, new int[] {1, d[0], d[1] + 2, d[2] + 2}, new int[] {d[3], d[0] + 1, 1, 1},
              seed, (s, t) -> s.nn().conv2d(t.get(0), t.get(1), null, 1, 0)));
      case CONV_TRANSPOSE2D -> Combinators.combine(dims(4, 1, 3), seeds()).as((d, seed) ->
          twoFloats(op, new int[] {1, d[0], d[1], d[2]}, new int[] {d[0] + 1, d[3], 1, 1},
              seed, (s, t) -> s.nn().convTranspose2d(t.get(0), t.get(1), null, 1, 0)));
      case RESIZE_BILINEAR -> Combinators.combine(dims(3, 1, MAX_DIM), seeds()).as((d, seed) -> {
        Gen g = new Gen(seed);
        return OpCall.of(op, seed)
            .floats("x", Shape.of(d), g.floats(d, Values.ANY))
            .backend((s, t) -> s.nn().resizeBilinear(t.get(0), 2, 2))
            .expectInMessage(Arrays.toString(d))
            .build();
      });
      case CROSS_ENTROPY -> Combinators.combine(dims(2, 1, MAX_DIM), seeds()).as((d, seed) -> {
        Gen g = new Gen(seed);
        int[] sl = {d[0], d[1]};
        int[] targets = new int[d[0] + 1];
        return OpCall.of(op, seed)
            .floats("logits", Shape.of(sl), g.floats(sl, Values.ANY))
            .ints("targets", Shape.of(targets.length), targets)
            .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), -100))
            .expectInMessage(Arrays.toString(sl), "[" + targets.length + "]")
            .build();
      });
      case UNIFORM -> Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
        float low = new Gen(seed).uniform(-2, 2);
        float high = low - (seed % 2 == 0 ? 0f : 1f);
        return OpCall.of(op, seed).attribute("low", low).attribute("high", high)
            .backend((s, t) -> s.random().uniform(Shape.of(shape), low, high))
            .expectInMessage("low=" + low, "high=" + high)
            .build();
      });
      case NORMAL -> Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
        float std = seed % 2 == 0 ? -1f : Float.NaN;
        return OpCall.of(op, seed).attribute("std", std)
            .backend((s, t) -> s.random().normal(Shape.of(shape), 0f, std))
            .expectInMessage("std=" + std)
            .build();
      });
      case BERNOULLI -> Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
        float p = new float[] {-0.5f, 1.5f, Float.NaN}[(int) Math.floorMod(seed, 3L)];
        return OpCall.of(op, seed).attribute("p", p)
            .backend((s, t) -> s.random().bernoulli(Shape.of(shape), p))
            .expectInMessage("p=" + p)
            .build();
      });
      case DROPOUT -> Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
        float p = new float[] {-0.5f, 1f, 1.5f}[(int) Math.floorMod(seed, 3L)];
        Gen g = new Gen(seed);
        return OpCall.of(op, seed)
            .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
            .attribute("p", p)
            .backend((s, t) -> s.random().dropout(t.get(0), p))
            .expectInMessage("p=" + p)
            .build();
      });
      case CONSTANT, ASSIGN ->
          throw new IllegalArgumentException(op + " is checked by dedicated properties");
    };
  }

  /** Gather with an index outside {@code [0, dim)} (the kernel must reject it). */
  static Arbitrary<OpCall> gatherOutOfRange() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), Arbitraries.of(false, true), seeds())
        .as((shape, negative, seed) -> {
          Gen g = new Gen(seed);
          int axis = g.axis(shape.length);
          int d = shape[Math.floorMod(axis, shape.length)];
          int[] idx = {0, negative ? -1 : d};
          return OpCall.of(Op.GATHER, seed)
              .floats("a", Shape.of(shape), g.floats(shape, Values.ANY))
              .ints("indices", Shape.of(2), idx)
              .attribute("axis", axis)
              .backend((s, t) -> s.math().gather(t.get(0), axis, t.get(1)))
              .build();
        });
  }

  /** Cross-entropy with a target outside {@code [0, C)} that is not the ignore index. */
  static Arbitrary<OpCall> crossEntropyOutOfRange() {
    return Combinators.combine(dims(2, 1, MAX_DIM), Arbitraries.of(false, true), seeds())
        .as((nc, negative, seed) -> {
          Gen g = new Gen(seed);
          int[] sl = {nc[0], nc[1]};
          int[] targets = new int[nc[0]];
          targets[g.nextInt(nc[0])] = negative ? -1 : nc[1];
          return OpCall.of(Op.CROSS_ENTROPY, seed)
              .floats("logits", Shape.of(sl), g.floats(sl, Values.ANY))
              .ints("targets", Shape.of(nc[0]), targets)
              .attribute("ignoreIndex", -100)
              .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), -100))
              .build();
        });
  }

  private interface AxisCall {
    Tensor apply(dev.vitp.spi.backend.Step step, Tensor x, int axis);
  }

  private static OpCall badAxis(Op op, int[] shape, long seed, AxisCall call) {
    Gen g = new Gen(seed);
    int axis = g.nextBoolean() ? shape.length : -shape.length - 1;
    return OpCall.of(op, seed)
        .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
        .attribute("axis", axis)
        .backend((s, t) -> call.apply(s, t.get(0), axis))
        .expectInMessage(Arrays.toString(shape), "axis=" + axis)
        .build();
  }

  private static Arbitrary<OpCall> intInput(Op op, OpCall.BackendFn fn) {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      int[] values = new int[RefTensor.size(shape)];
      return OpCall.of(op, seed)
          .ints("x", Shape.of(shape), values)
          .backend(fn)
          .expectInMessage("INT32", Arrays.toString(shape))
          .build();
    });
  }

  private static OpCall twoFloats(Op op, int[] sa, int[] sb, long seed, OpCall.BackendFn fn) {
    Gen g = new Gen(seed);
    return OpCall.of(op, seed)
        .floats("a", Shape.of(sa), g.floats(sa, Values.ANY))
        .floats("b", Shape.of(sb), g.floats(sb, Values.ANY))
        .backend(fn)
        .expectInMessage(Arrays.toString(sa), Arrays.toString(sb))
        .build();
  }

  static int[] concatDims(int[] lead, int... tail) {
    int[] out = Arrays.copyOf(lead, lead.length + tail.length);
    System.arraycopy(tail, 0, out, lead.length, tail.length);
    return out;
  }

  // ------------------------------------------------------------------------------- values

  /** Value distributions that keep finite differences away from kinks and poles. */
  enum Values {
    /** Uniform in [-2, 2]. */
    ANY,
    /** Uniform in [-3, 3]. */
    WIDE,
    /** Uniform in [0.25, 3] (log, sqrt). */
    POSITIVE,
    /** |x| in [0.5, 2] (divisors). */
    NONZERO,
    /** |x| in [0.1, 2] (relu, abs, dropout). */
    AWAY_FROM_ZERO,
    /** Multiples of 0.5 in [-2, 2]. */
    GRID,
    /** Multiples of 0.5 plus 0.25 in [-2, 2]: never within 0.25 of a GRID value. */
    OFF_GRID,
    /** All distinct, at least 0.2 apart (max, argmax). */
    DISTINCT
  }

  /** Seeded secondary choices and values. */
  static final class Gen {
    private final SplittableRandom random;

    Gen(long seed) {
      this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
      return random.nextInt(bound);
    }

    boolean nextBoolean() {
      return random.nextBoolean();
    }

    double nextDouble() {
      return random.nextDouble();
    }

    float uniform(double low, double high) {
      return (float) (low + (high - low) * random.nextDouble());
    }

    /** An axis in [-rank, rank), negative half of the time. */
    int axis(int rank) {
      int a = random.nextInt(rank);
      return random.nextBoolean() ? a - rank : a;
    }

    int[] permutation(int n) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }

    /** A shape that broadcasts to {@code out}: leading axes dropped, some axes set to 1. */
    int[] broadcastVariant(int[] out) {
      int drop = random.nextInt(3) == 0 ? random.nextInt(out.length + 1) : 0;
      int[] s = Arrays.copyOfRange(out, drop, out.length);
      for (int i = 0; i < s.length; i++) {
        if (random.nextInt(3) == 0) {
          s[i] = 1;
        }
      }
      return s;
    }

    /** {@code n} split into {@code parts} positive factors, in random order. */
    int[] factorise(int n, int parts) {
      int[] out = new int[parts];
      Arrays.fill(out, 1);
      int rest = n;
      for (int f = 2; rest > 1; f++) {
        while (rest % f == 0) {
          out[random.nextInt(parts)] *= f;
          rest /= f;
        }
      }
      return out;
    }

    float[] floats(int[] shape, Values kind) {
      int n = RefTensor.size(shape);
      float[] v = new float[n];
      if (kind == Values.DISTINCT) {
        int[] perm = permutation(n);
        for (int i = 0; i < n; i++) {
          v[i] = (float) ((perm[i] - n / 2.0) * 0.25 + 0.05 * random.nextDouble());
        }
        return v;
      }
      for (int i = 0; i < n; i++) {
        double u = random.nextDouble();
        double sign = random.nextBoolean() ? 1 : -1;
        v[i] = (float) switch (kind) {
          case ANY -> -2 + 4 * u;
          case WIDE -> -3 + 6 * u;
          case POSITIVE -> 0.25 + 2.75 * u;
          case NONZERO -> sign * (0.5 + 1.5 * u);
          case AWAY_FROM_ZERO -> sign * (0.1 + 1.9 * u);
          case GRID -> 0.5 * (random.nextInt(9) - 4);
          case OFF_GRID -> 0.5 * (random.nextInt(8) - 4) + 0.25;
          case DISTINCT -> throw new AssertionError();
        };
      }
      return v;
    }

    /**
     * 0 most of the time, else ±90: exp(90) overflows float32, so softmax-like ops must subtract
     * the maximum.
     */
    float largeOffset() {
      return random.nextInt(4) == 0 ? (random.nextBoolean() ? 90f : -90f) : 0f;
    }

    float[] offset(float[] values, float offset) {
      float[] out = values.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] += offset;
      }
      return out;
    }

    /**
     * Rows (last axis) with a spread of at least 0.2 between two entries (layer norm); a quarter
     * of the rows sit near 100, where {@code E[x^2] - E[x]^2} loses the variance in float32.
     */
    float[] spreadRows(int[] shape) {
      int c = shape[shape.length - 1];
      int rows = RefTensor.size(shape) / c;
      float[] v = new float[rows * c];
      for (int r = 0; r < rows; r++) {
        int[] perm = permutation(c);
        double offset = -2 + 4 * random.nextDouble() + (random.nextInt(4) == 0 ? 100 : 0);
        double scale = 0.5 + 1.5 * random.nextDouble();
        for (int i = 0; i < c; i++) {
          v[r * c + i] = (float) (offset + scale * (perm[i] + 0.4 * random.nextDouble()));
        }
      }
      return v;
    }
  }

  static List<Op> allOps() {
    return new ArrayList<>(List.of(Op.values()));
  }
}
