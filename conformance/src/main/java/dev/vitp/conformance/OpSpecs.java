package dev.vitp.conformance;

import static dev.vitp.conformance.Gen.MAX_DIM;
import static dev.vitp.conformance.Gen.concatDims;
import static dev.vitp.conformance.Gen.dims;
import static dev.vitp.conformance.Gen.seeds;
import static dev.vitp.conformance.Gen.shapes;

import dev.vitp.spi.backend.MathOps;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.OpGroup;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * The spec of every op the kernels run, one entry per op in {@link #ALL}. Adding an op to the spi
 * means adding its entry here; {@link KernelContract} then runs its forward, gradient (when
 * differentiable) and malformed-call properties on every backend. CONSTANT and ASSIGN (group
 * {@link OpGroup#TENSOR}) have no kernel and are checked by {@link TensorContract}.
 *
 * <p>Valid calls use small shapes (dimensions 1 to 5) and values clear of kinks (relu, abs, max,
 * …) by more than the finite-difference step. Malformed calls must fail with USER_ERROR naming the
 * op and the fragments each call lists (for gather indices and cross-entropy targets, the kernel
 * rejects them).
 */
public final class OpSpecs {
  private OpSpecs() {}

  private static final List<OpSpec> ALL = List.of(
      binary(Op.ADD, Values.ANY, Values.ANY, MathOps::add),
      binary(Op.SUB, Values.ANY, Values.ANY, MathOps::sub),
      binary(Op.MUL, Values.ANY, Values.ANY, MathOps::mul),
      binary(Op.DIV, Values.ANY, Values.NONZERO, MathOps::div),
      binary(Op.MAXIMUM, Values.GRID, Values.OFF_GRID, MathOps::maximum),
      binary(Op.MINIMUM, Values.GRID, Values.OFF_GRID, MathOps::minimum),
      unary(Op.NEG, Values.ANY, (s, x) -> s.math().neg(x)),
      unary(Op.ABS, Values.AWAY_FROM_ZERO, (s, x) -> s.math().abs(x)),
      unary(Op.EXP, Values.ANY, (s, x) -> s.math().exp(x)),
      unary(Op.LOG, Values.POSITIVE, (s, x) -> s.math().log(x)),
      unary(Op.SQRT, Values.POSITIVE, (s, x) -> s.math().sqrt(x)),
      unary(Op.TANH, Values.ANY, (s, x) -> s.math().tanh(x)),
      unary(Op.SIGMOID, Values.ANY, (s, x) -> s.math().sigmoid(x)),
      withScalar(Op.MUL_SCALAR, MathOps::mulScalar, ReferenceOps::mulScalar),
      withScalar(Op.ADD_SCALAR, MathOps::addScalar, ReferenceOps::addScalar),
      OpSpec.of(Op.MATMUL, matmul(), matmulMalformed()),
      OpSpec.of(Op.TRANSPOSE, transpose(), transposeMalformed()),
      OpSpec.of(Op.RESHAPE, reshape(), reshapeMalformed()),
      reduce(Op.SUM, Values.ANY, false, MathOps::sum, ReferenceOps::sum),
      reduce(Op.MEAN, Values.ANY, true, MathOps::mean, ReferenceOps::mean),
      reduce(Op.MAX, Values.DISTINCT, false, MathOps::max, ReferenceOps::max),
      OpSpec.of(Op.CONCAT, concat(), concatMalformed()),
      OpSpec.of(Op.SLICE, slice(), sliceMalformed()),
      OpSpec.of(Op.GATHER, gather(), gatherMalformed()),
      OpSpec.of(Op.ARGMAX, argmax(), badAxis(Op.ARGMAX, (s, x, axis) -> s.math().argmax(x, axis))),
      OpSpec.of(Op.LINEAR, linear(), linearMalformed()),
      OpSpec.of(Op.LAYER_NORM, layerNorm(), layerNormMalformed()),
      // Tight enough to tell exact GELU from the tanh approximation (they differ by up to 5e-4).
      unary(Op.GELU, Values.WIDE, (s, x) -> s.nn().gelu(x))
          .withTolerances(new Tolerance(2e-5, 2e-5), new Tolerance(1e-4, 1e-4)),
      unary(Op.RELU, Values.AWAY_FROM_ZERO, (s, x) -> s.nn().relu(x)),
      OpSpec.of(Op.SOFTMAX, normalise(Op.SOFTMAX),
          intInput(Op.SOFTMAX, (s, t) -> s.nn().softmax(t.get(0), 0))),
      OpSpec.of(Op.LOG_SOFTMAX, normalise(Op.LOG_SOFTMAX),
          badAxis(Op.LOG_SOFTMAX, (s, x, axis) -> s.nn().logSoftmax(x, axis))),
      OpSpec.of(Op.ATTENTION, attention(), attentionMalformed()),
      // libtorch 2.7.1's own convolution got this wrong on an AMD EPYC with AVX-512: with two
      // images in the batch its input gradient was 0.0 where 0.124 is right.
      OpSpec.of(Op.CONV2D, conv2d(), conv2dMalformed()).withGradientExample(
          "conv2dGradientOfABatchOfTwoImages",
          convCall(Op.CONV2D, 0, Shape.of(2, 1, 1, 1), new float[] {1.8835279f, -0.69069695f},
              Shape.of(1, 1, 2, 2), new float[] {1.0861862f, 1.8081228f, 1.0441377f, 0.22067006f},
              new float[] {0.073928736f}, 2, 1),
          convCall(Op.CONV2D, 3, Shape.of(3, 2, 4, 5), ramp(120, 0.37f), Shape.of(2, 2, 3, 3),
              ramp(36, -0.53f), null, 2, 1)),
      OpSpec.of(Op.CONV_TRANSPOSE2D, convTranspose2d(), convTranspose2dMalformed())
          .withGradientExample("convTranspose2dGradientOfABatchOfTwoImages",
              convCall(Op.CONV_TRANSPOSE2D, 0, Shape.of(2, 1, 2, 2), ramp(8, 0.61f),
                  Shape.of(1, 2, 3, 3), ramp(18, -0.29f), new float[] {0.1f, -0.2f}, 2, 1)),
      OpSpec.of(Op.RESIZE_BILINEAR, resize(), resizeMalformed()),
      OpSpec.of(Op.CROSS_ENTROPY, crossEntropy(), crossEntropyMalformed()),
      OpSpec.of(Op.UNIFORM, randomTensor(Op.UNIFORM), uniformMalformed()),
      OpSpec.of(Op.NORMAL, randomTensor(Op.NORMAL), normalMalformed()),
      OpSpec.of(Op.BERNOULLI, randomTensor(Op.BERNOULLI), bernoulliMalformed()),
      OpSpec.of(Op.DROPOUT, dropout(), dropoutMalformed()));

  private static final Map<Op, OpSpec> BY_OP = index(ALL);

  /** The specs of every op with a kernel, in {@link Op} order. */
  public static List<OpSpec> all() {
    return ALL;
  }

  /** The spec of {@code op}; fails for an op without one (CONSTANT, ASSIGN). */
  public static OpSpec of(Op op) {
    OpSpec spec = BY_OP.get(op);
    if (spec == null) {
      throw new IllegalArgumentException("No spec for op " + op + " (group " + op.group() + ")");
    }
    return spec;
  }

  /** Ops that need a spec (every op but the TENSOR group's) and have none in the registry. */
  public static List<Op> opsWithoutSpec() {
    return opsWithoutSpec(ALL);
  }

  /** Ops that need a spec and have none in {@code specs}. */
  static List<Op> opsWithoutSpec(Collection<OpSpec> specs) {
    Set<Op> specified = specs.stream().map(OpSpec::op).collect(Collectors.toSet());
    return Arrays.stream(Op.values())
        .filter(op -> op.group() != OpGroup.TENSOR && !specified.contains(op)).toList();
  }

  private static Map<Op, OpSpec> index(List<OpSpec> specs) {
    Map<Op, OpSpec> byOp = new EnumMap<>(Op.class);
    for (OpSpec spec : specs) {
      if (byOp.put(spec.op(), spec) != null) {
        throw new IllegalStateException("Two specs for op " + spec.op());
      }
    }
    return byOp;
  }

  // ----------------------------------------------------------------------- element-wise ops

  /** How a binary op runs on a backend. */
  private interface BinaryOp {
    Tensor apply(MathOps math, Tensor a, Tensor b);
  }

  /** How a unary op runs on a backend. */
  private interface UnaryOp {
    Tensor apply(Step step, Tensor x);
  }

  /** Broadcasting binary op; malformed: shapes that do not broadcast. */
  private static OpSpec binary(Op op, Values va, Values vb, BinaryOp run) {
    Arbitrary<OpCall> valid = Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((out, seed) -> {
      Gen g = new Gen(seed);
      int[] sa = g.broadcastVariant(out);
      int[] sb = g.broadcastVariant(out);
      return OpCall.of(op, seed)
          .floats("a", Shape.of(sa), g.floats(sa, va))
          .floats("b", Shape.of(sb), g.floats(sb, vb))
          .backend((s, t) -> run.apply(s.math(), t.get(0), t.get(1)))
          .reference(in -> ReferenceOps.binary(op, in.get(0), in.get(1)))
          .build();
    });
    Arbitrary<OpCall> malformed = Combinators.combine(dims(2, 2, 4), seeds()).as((d, seed) -> {
      int[] sa = {1 + Math.floorMod(seed, 3), d[0]};
      int[] sb = {d[0] == d[1] ? d[1] + 1 : d[1]};
      Gen g = new Gen(seed);
      return OpCall.of(op, seed)
          .floats("a", Shape.of(sa), g.floats(sa, Values.ANY))
          .floats("b", Shape.of(sb), g.floats(sb, Values.ANY))
          .backend((s, t) -> run.apply(s.math(), t.get(0), t.get(1)))
          .expectInMessage(Arrays.toString(sa), Arrays.toString(sb))
          .build();
    });
    return OpSpec.of(op, valid, malformed);
  }

  /** Element-wise unary op; malformed: an INT32 input. */
  private static OpSpec unary(Op op, Values values, UnaryOp run) {
    Arbitrary<OpCall> valid = Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((shape, seed) ->
        OpCall.of(op, seed)
            .floats("x", Shape.of(shape), new Gen(seed).floats(shape, values))
            .backend((s, t) -> run.apply(s, t.get(0)))
            .reference(in -> ReferenceOps.unary(op, in.get(0)))
            .build());
    return OpSpec.of(op, valid, intInput(op, (s, t) -> run.apply(s, t.get(0))));
  }

  private interface ScalarOp {
    Tensor apply(MathOps math, Tensor x, float scalar);
  }

  private interface ScalarRef {
    RefTensor apply(RefTensor x, double scalar);
  }

  /** {@code x op scalar}; malformed: an INT32 input. */
  private static OpSpec withScalar(Op op, ScalarOp run, ScalarRef reference) {
    Arbitrary<OpCall> valid = Combinators.combine(shapes(0, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      float scalar = g.uniform(-3, 3);
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("scalar", scalar)
          .backend((s, t) -> run.apply(s.math(), t.get(0), scalar))
          .reference(in -> reference.apply(in.get(0), scalar))
          .build();
    });
    return OpSpec.of(op, valid, intInput(op, (s, t) -> run.apply(s.math(), t.get(0), 1.5f)));
  }

  // ---------------------------------------------------------------------- shapes and axes

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

  private static Arbitrary<OpCall> matmulMalformed() {
    return Combinators.combine(dims(4, 1, MAX_DIM), seeds()).as((d, seed) -> {
      int[] sa = {d[0], d[1]};
      int[] sb = {d[1] + d[2], d[3]};
      return twoFloats(Op.MATMUL, sa, sb, seed, (s, t) -> s.math().matmul(t.get(0), t.get(1)));
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

  /** A permutation with a repeated axis. */
  private static Arbitrary<OpCall> transposeMalformed() {
    return Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int[] perm = g.permutation(shape.length);
      int[] bad = shape.length == 1 ? new int[] {0, 0} : perm.clone();
      if (shape.length > 1) {
        bad[0] = bad[1];
      }
      return OpCall.of(Op.TRANSPOSE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("permutation", bad)
          .backend((s, t) -> s.math().transpose(t.get(0), bad))
          .expectInMessage(Arrays.toString(shape), Arrays.toString(bad))
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

  private static Arbitrary<OpCall> reshapeMalformed() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int[] bad = {RefTensor.size(shape) + 1};
      return OpCall.of(Op.RESHAPE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("dims", bad)
          .backend((s, t) -> s.math().reshape(t.get(0), bad))
          .expectInMessage(Arrays.toString(shape), Arrays.toString(bad))
          .build();
    });
  }

  private interface ReduceOp {
    Tensor apply(MathOps math, Tensor x, int axis, boolean keepDims);
  }

  private interface ReduceRef {
    RefTensor apply(RefTensor x, int axis, boolean keepDims);
  }

  /** A reduction along an axis; malformed: an axis out of range (called with {@code keepDims}). */
  private static OpSpec reduce(Op op, Values values, boolean malformedKeepDims, ReduceOp run,
      ReduceRef reference) {
    Arbitrary<OpCall> valid = Combinators.combine(shapes(1, 4, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      boolean keepDims = g.nextBoolean();
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, values))
          .attribute("axis", axis)
          .attribute("keepDims", keepDims)
          .backend((s, t) -> run.apply(s.math(), t.get(0), axis, keepDims))
          .reference(in -> reference.apply(in.get(0), axis, keepDims))
          .build();
    });
    return OpSpec.of(op, valid,
        badAxis(op, (s, x, axis) -> run.apply(s.math(), x, axis, malformedKeepDims)));
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

  private static Arbitrary<OpCall> concatMalformed() {
    return Combinators.combine(dims(3, 1, 3), seeds()).as((d, seed) -> {
      int[] sa = {d[0], d[1], d[2]};
      int[] sb = {d[0], d[1] + 1, d[2]};
      return twoFloats(Op.CONCAT, sa, sb, seed, (s, t) -> s.math().concat(t, 0));
    });
  }

  private static Arbitrary<OpCall> slice() {
    return Combinators.combine(shapes(1, 4, 5), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int d = shape[Math.floorMod(axis, shape.length)];
      int start = g.nextInt(d);
      int end = start + 1 + g.nextInt(d - start);
      return sliceCall(seed, shape, g.floats(shape, Values.ANY), axis, start, end);
    });
  }

  /** A slice with {@code start == end}: an empty result, which the contract allows. */
  static Arbitrary<OpCall> emptySlices() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.axis(shape.length);
      int at = g.nextInt(shape[Math.floorMod(axis, shape.length)] + 1);
      return sliceCall(seed, shape, g.floats(shape, Values.ANY), axis, at, at);
    });
  }

  private static OpCall sliceCall(long seed, int[] shape, float[] x, int axis, int start,
      int end) {
    return OpCall.of(Op.SLICE, seed)
        .floats("x", Shape.of(shape), x)
        .attribute("axis", axis).attribute("start", start).attribute("end", end)
        .backend((s, t) -> s.math().slice(t.get(0), axis, start, end))
        .reference(in -> ReferenceOps.slice(in.get(0), axis, start, end))
        .build();
  }

  private static Arbitrary<OpCall> sliceMalformed() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.nextInt(shape.length);
      int end = shape[axis] + 1;
      return OpCall.of(Op.SLICE, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("axis", axis).attribute("start", 0).attribute("end", end)
          .backend((s, t) -> s.math().slice(t.get(0), axis, 0, end))
          .expectInMessage(Arrays.toString(shape), "end=" + end)
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

  /** An axis out of range. */
  private static Arbitrary<OpCall> gatherMalformed() {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      return OpCall.of(Op.GATHER, seed)
          .floats("a", Shape.of(shape), g.floats(shape, Values.ANY))
          .ints("indices", Shape.of(1), new int[] {0})
          .attribute("axis", shape.length)
          .backend((s, t) -> s.math().gather(t.get(0), shape.length, t.get(1)))
          .expectInMessage(Arrays.toString(shape), "axis=" + shape.length)
          .build();
    });
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

  // -------------------------------------------------------------------------------- nn ops

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

  private static Arbitrary<OpCall> linearMalformed() {
    return Combinators.combine(dims(3, 1, MAX_DIM), seeds()).as((d, seed) ->
        twoFloats(Op.LINEAR, new int[] {d[0], d[1]}, new int[] {d[2], d[1] + 1}, seed,
            (s, t) -> s.nn().linear(t.get(0), t.get(1), null)));
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

  /** gamma longer than the normalised axis. */
  private static Arbitrary<OpCall> layerNormMalformed() {
    return Combinators.combine(dims(2, 1, MAX_DIM), seeds()).as((d, seed) -> {
      Gen g = new Gen(seed);
      int[] sx = {d[0], d[1]};
      int[] sg = {d[1] + 1};
      return OpCall.of(Op.LAYER_NORM, seed)
          .floats("x", Shape.of(sx), g.floats(sx, Values.ANY))
          .floats("gamma", Shape.of(sg), g.floats(sg, Values.ANY))
          .floats("beta", Shape.of(d[1]), g.floats(new int[] {d[1]}, Values.ANY))
          .backend((s, t) -> s.nn().layerNorm(t.get(0), t.get(1), t.get(2), 1e-5f))
          .expectInMessage(Arrays.toString(sx), Arrays.toString(sg))
          .build();
    });
  }

  /** softmax or logSoftmax; a quarter of the calls offset by ±90 to catch a missing max shift. */
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

  /** causal: Tq != Tk; otherwise: mismatched head dimension D. */
  private static Arbitrary<OpCall> attentionMalformed() {
    return Combinators.combine(dims(4, 1, 3), Arbitraries.of(false, true), seeds())
        .as((d, causal, seed) -> {
          Gen g = new Gen(seed);
          int[] sq = {1, d[0], d[1], d[2]};
          int[] sk = causal ? new int[] {1, d[0], d[1] + 1, d[2]} : new int[] {1, d[0], d[3], d[2] + 1};
          int[] sv = {1, d[0], sk[2], d[3]};
          return OpCall.of(Op.ATTENTION, seed)
              .floats("q", Shape.of(sq), g.floats(sq, Values.ANY))
              .floats("k", Shape.of(sk), g.floats(sk, Values.ANY))
              .floats("v", Shape.of(sv), g.floats(sv, Values.ANY))
              .attribute("causal", causal)
              .backend((s, t) -> s.nn().attention(t.get(0), t.get(1), t.get(2), causal))
              .expectInMessage(Arrays.toString(sq), Arrays.toString(sk), Arrays.toString(sv))
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

  /** Input channels that differ from the weight's. */
  private static Arbitrary<OpCall> conv2dMalformed() {
    return Combinators.combine(dims(4, 1, 3), seeds()).as((d, seed) ->
        twoFloats(Op.CONV2D, new int[] {1, d[0], d[1] + 2, d[2] + 2},
            new int[] {d[3], d[0] + 1, 1, 1}, seed,
            (s, t) -> s.nn().conv2d(t.get(0), t.get(1), null, 1, 0)));
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

  private static Arbitrary<OpCall> convTranspose2dMalformed() {
    return Combinators.combine(dims(4, 1, 3), seeds()).as((d, seed) ->
        twoFloats(Op.CONV_TRANSPOSE2D, new int[] {1, d[0], d[1], d[2]},
            new int[] {d[0] + 1, d[3], 1, 1}, seed,
            (s, t) -> s.nn().convTranspose2d(t.get(0), t.get(1), null, 1, 0)));
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

  /** Deterministic values in [-1, 1) for fixed cases: a sawtooth with the given phase step. */
  private static float[] ramp(int count, float step) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      double v = (i + 1) * step;
      values[i] = (float) (2 * (v - Math.floor(v)) - 1);
    }
    return values;
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

  /** A rank-3 input (NCHW needs rank 4). */
  private static Arbitrary<OpCall> resizeMalformed() {
    return Combinators.combine(dims(3, 1, MAX_DIM), seeds()).as((d, seed) ->
        OpCall.of(Op.RESIZE_BILINEAR, seed)
            .floats("x", Shape.of(d), new Gen(seed).floats(d, Values.ANY))
            .backend((s, t) -> s.nn().resizeBilinear(t.get(0), 2, 2))
            .expectInMessage(Arrays.toString(d))
            .build());
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
      return crossEntropyCall(seed, sl, g.offset(g.floats(sl, Values.WIDE), g.largeOffset()),
          targets, ignore, true);
    });
  }

  /** One more target than logits rows. */
  private static Arbitrary<OpCall> crossEntropyMalformed() {
    return Combinators.combine(dims(2, 1, MAX_DIM), seeds()).as((d, seed) -> {
      Gen g = new Gen(seed);
      int[] sl = {d[0], d[1]};
      int[] targets = new int[d[0] + 1];
      return OpCall.of(Op.CROSS_ENTROPY, seed)
          .floats("logits", Shape.of(sl), g.floats(sl, Values.ANY))
          .ints("targets", Shape.of(targets.length), targets)
          .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), -100))
          .expectInMessage(Arrays.toString(sl), "[" + targets.length + "]")
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
          return crossEntropyCall(seed, sl, g.floats(sl, Values.ANY), targets, -100, false);
        });
  }

  /** A cross-entropy call; with its reference when {@code valid}. */
  static OpCall crossEntropyCall(long seed, int[] logitsShape, float[] logits, int[] targets,
      int ignoreIndex, boolean valid) {
    OpCall.Builder b = OpCall.of(Op.CROSS_ENTROPY, seed)
        .floats("logits", Shape.of(logitsShape), logits)
        .ints("targets", Shape.of(targets.length), targets)
        .attribute("ignoreIndex", ignoreIndex)
        .backend((s, t) -> s.nn().crossEntropy(t.get(0), t.get(1), ignoreIndex));
    if (valid) {
      b.reference(in -> ReferenceOps.crossEntropy(in.get(0), in.get(1), ignoreIndex));
    }
    return b.build();
  }

  // ---------------------------------------------------------------------------- random ops

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

  /** low > high or low == high. */
  private static Arbitrary<OpCall> uniformMalformed() {
    return Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
      float low = new Gen(seed).uniform(-2, 2);
      float high = low - (seed % 2 == 0 ? 0f : 1f);
      return OpCall.of(Op.UNIFORM, seed).attribute("low", low).attribute("high", high)
          .backend((s, t) -> s.random().uniform(Shape.of(shape), low, high))
          .expectInMessage("low=" + low, "high=" + high)
          .build();
    });
  }

  private static Arbitrary<OpCall> normalMalformed() {
    return Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
      float std = seed % 2 == 0 ? -1f : Float.NaN;
      return OpCall.of(Op.NORMAL, seed).attribute("std", std)
          .backend((s, t) -> s.random().normal(Shape.of(shape), 0f, std))
          .expectInMessage("std=" + std)
          .build();
    });
  }

  private static Arbitrary<OpCall> bernoulliMalformed() {
    return Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
      float p = new float[] {-0.5f, 1.5f, Float.NaN}[(int) Math.floorMod(seed, 3L)];
      return OpCall.of(Op.BERNOULLI, seed).attribute("p", p)
          .backend((s, t) -> s.random().bernoulli(Shape.of(shape), p))
          .expectInMessage("p=" + p)
          .build();
    });
  }

  private static Arbitrary<OpCall> dropout() {
    return Combinators.combine(shapes(0, 4, 5), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      float p = new float[] {0f, 0.1f, 0.5f, 0.9f, (float) (g.nextDouble() * 0.95)}[g.nextInt(5)];
      return dropoutCall(seed, Shape.of(shape), g.floats(shape, Values.AWAY_FROM_ZERO), p);
    });
  }

  /** Inverted dropout of {@code x}; the reference draws the mask from the host stream. */
  static OpCall dropoutCall(long seed, Shape shape, float[] x, float p) {
    return OpCall.of(Op.DROPOUT, seed)
        .floats("x", shape, x)
        .attribute("p", p)
        .backend((s, t) -> s.random().dropout(t.get(0), p))
        .reference(in -> ReferenceOps.dropout(new SplittableRandom(seed), in.get(0), p))
        .build();
  }

  private static Arbitrary<OpCall> dropoutMalformed() {
    return Combinators.combine(shapes(0, 2, 3), seeds()).as((shape, seed) -> {
      float p = new float[] {-0.5f, 1f, 1.5f}[(int) Math.floorMod(seed, 3L)];
      Gen g = new Gen(seed);
      return OpCall.of(Op.DROPOUT, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("p", p)
          .backend((s, t) -> s.random().dropout(t.get(0), p))
          .expectInMessage("p=" + p)
          .build();
    });
  }

  // ------------------------------------------------------------------ shared malformed calls

  private interface AxisOp {
    Tensor apply(Step step, Tensor x, int axis);
  }

  /** An axis just outside {@code [-rank, rank)}. */
  private static Arbitrary<OpCall> badAxis(Op op, AxisOp run) {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) -> {
      Gen g = new Gen(seed);
      int axis = g.nextBoolean() ? shape.length : -shape.length - 1;
      return OpCall.of(op, seed)
          .floats("x", Shape.of(shape), g.floats(shape, Values.ANY))
          .attribute("axis", axis)
          .backend((s, t) -> run.apply(s, t.get(0), axis))
          .expectInMessage(Arrays.toString(shape), "axis=" + axis)
          .build();
    });
  }

  /** An INT32 input where a FLOAT32 one is needed. */
  private static Arbitrary<OpCall> intInput(Op op, OpCall.BackendFn run) {
    return Combinators.combine(shapes(1, 3, MAX_DIM), seeds()).as((shape, seed) ->
        OpCall.of(op, seed)
            .ints("x", Shape.of(shape), new int[RefTensor.size(shape)])
            .backend(run)
            .expectInMessage("INT32", Arrays.toString(shape))
            .build());
  }

  /** Two float inputs {@code a}, {@code b} whose shapes do not fit together. */
  private static OpCall twoFloats(Op op, int[] sa, int[] sb, long seed, OpCall.BackendFn run) {
    Gen g = new Gen(seed);
    return OpCall.of(op, seed)
        .floats("a", Shape.of(sa), g.floats(sa, Values.ANY))
        .floats("b", Shape.of(sb), g.floats(sb, Values.ANY))
        .backend(run)
        .expectInMessage(Arrays.toString(sa), Arrays.toString(sb))
        .build();
  }
}
