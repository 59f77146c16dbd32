package dev.vitp.conformance;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackend;
import dev.vitp.spi.backend.AbstractBackendSession;
import dev.vitp.spi.backend.AbstractParameter;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.MathOps;
import dev.vitp.spi.backend.NnOps;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A slow, obviously-correct backend used to test the conformance suite itself: forward through
 * {@link ReferenceOps} (rounded to float32), backward by a tape whose vector-Jacobian products are
 * central differences of the float64 reference (analytic where the contract fixes tie-breaking).
 * {@link Mutation}s break it on purpose, to show that the suite notices.
 */
final class ReferenceBackend extends AbstractBackend {
  /** Deliberate bugs, one at a time, for the suite's self-test. */
  enum Mutation {
    NONE,
    /** GELU with the tanh approximation instead of erf. */
    GELU_TANH,
    /** Bilinear resize with align_corners=True. */
    RESIZE_ALIGN_CORNERS,
    /** backward overwrites gradients instead of accumulating. */
    GRADIENT_OVERWRITES,
    /** max-reduction ties split the gradient evenly (PyTorch amax). */
    MAX_TIES_SPLIT,
    /** gather clamps out-of-range indices instead of failing. */
    GATHER_CLAMPS
  }

  private final Map<Op, String> unsupported;
  final Mutation mutation;

  ReferenceBackend() {
    this("reference", EnumSet.of(Capability.INFERENCE, Capability.TRAINING), Map.of(), Mutation.NONE);
  }

  ReferenceBackend(String name, Set<Capability> capabilities, Map<Op, String> unsupported,
      Mutation mutation) {
    super(name, capabilities);
    this.unsupported = Map.copyOf(unsupported);
    this.mutation = mutation;
  }

  static ReferenceBackend mutant(Mutation mutation) {
    return new ReferenceBackend("reference-" + mutation.name().toLowerCase(java.util.Locale.ROOT),
        EnumSet.of(Capability.INFERENCE, Capability.TRAINING), Map.of(), mutation);
  }

  @Override
  public Map<Op, String> unsupportedOps() {
    return unsupported;
  }

  @Override
  public BackendSession newSession(long seed) {
    return new Session(seed);
  }

  // --------------------------------------------------------------------------- session

  private final class Session extends AbstractBackendSession<ReferenceBackend, Param> {
    Session(long seed) {
      super(ReferenceBackend.this, seed, Param.class);
    }

    @Override
    protected Param newParameter(String pname, Shape shape, float[] values, boolean trainable) {
      return new Param(this, pname, shape, values.clone(), trainable);
    }

    @Override
    protected Step newStepKernel(StepMode mode, long randomSeed) {
      return RefStep.open(ReferenceBackend.this, mode, randomSeed);
    }

    /** Nothing to free: the values are plain arrays. */
    @Override
    protected void closeKernel() {}
  }

  static final class Param extends AbstractParameter<Session> {
    float[] values;
    double @Nullable [] grad;

    Param(Session session, String name, Shape shape, float[] values, boolean trainable) {
      super(session, name, shape, trainable);
      this.values = values;
    }

    @Override
    protected float[] readKernel() {
      return values.clone();
    }

    @Override
    protected void writeKernel(float[] newValues) {
      values = newValues.clone();
    }

    @Override
    protected void zeroGradientKernel() {
      grad = null;
    }
  }

  // ------------------------------------------------------------------------------ tensors

  /** Computes a node's input gradients from its output gradient. */
  @FunctionalInterface
  interface Vjp {
    /** One entry per input; null where the input needs no gradient. */
    List<double @Nullable []> apply(double[] upstream);
  }

  static final class RT implements Tensor {
    final Shape shape;
    final DType dtype;
    final RefTensor value;
    final List<RT> inputs;
    final @Nullable Vjp vjp;
    final @Nullable Param param;
    final boolean requiresGrad;

    RT(RefTensor value, DType dtype, List<RT> inputs, @Nullable Vjp vjp, @Nullable Param param,
        boolean requiresGrad) {
      this.shape = value.spiShape();
      this.dtype = dtype;
      this.value = value;
      this.inputs = inputs;
      this.vjp = vjp;
      this.param = param;
      this.requiresGrad = requiresGrad;
    }

    @Override
    public Shape shape() {
      return shape;
    }

    @Override
    public DType dtype() {
      return dtype;
    }
  }

  /** The per-step state the kernels share: mode and tape. */
  static final class Ctx {
    final ReferenceBackend backend;
    final StepMode mode;
    final List<RT> tape = new ArrayList<>();

    Ctx(ReferenceBackend backend, StepMode mode) {
      this.backend = backend;
      this.mode = mode;
    }

    RT leaf(RefTensor value, DType dtype) {
      return new RT(value, dtype, List.of(), null, null, false);
    }

    /** A float op whose input gradients are central differences of {@code f}. */
    RT op(List<Tensor> inputs, OpCall.ReferenceFn f) {
      List<RT> in = cast(inputs);
      List<RefTensor> values = values(in);
      RefTensor out = roundToFloat(f.apply(values));
      return record(in, out, upstream -> numericVjp(f, values, in, upstream));
    }

    /** A float op with an analytic vector-Jacobian product. */
    RT op(List<Tensor> inputs, OpCall.ReferenceFn f, Vjp vjp) {
      List<RT> in = cast(inputs);
      return record(in, roundToFloat(f.apply(values(in))), vjp);
    }

    private RT record(List<RT> in, RefTensor out, Vjp vjp) {
      boolean requires = mode == StepMode.TRAINING && in.stream().anyMatch(t -> t.requiresGrad);
      RT t = new RT(out, DType.FLOAT32, in, requires ? vjp : null, null, requires);
      if (requires) {
        tape.add(t);
      }
      return t;
    }

    private static List<double @Nullable []> numericVjp(
        OpCall.ReferenceFn f, List<RefTensor> values, List<RT> in, double[] upstream) {
      List<double @Nullable []> grads = new ArrayList<>();
      List<RefTensor> work = new ArrayList<>(values);
      double h = 1e-5;
      for (int i = 0; i < in.size(); i++) {
        if (!in.get(i).requiresGrad) {
          grads.add(null);
          continue;
        }
        RefTensor x = values.get(i);
        double[] g = new double[x.size()];
        for (int e = 0; e < g.length; e++) {
          work.set(i, x.withElement(e, x.get(e) + h));
          double plus = dot(f.apply(work), upstream);
          work.set(i, x.withElement(e, x.get(e) - h));
          double minus = dot(f.apply(work), upstream);
          g[e] = (plus - minus) / (2 * h);
        }
        work.set(i, x);
        grads.add(g);
      }
      return grads;
    }

    static List<RT> cast(List<Tensor> tensors) {
      List<RT> out = new ArrayList<>(tensors.size());
      for (Tensor t : tensors) {
        out.add((RT) t);
      }
      return out;
    }

    static List<RefTensor> values(List<RT> in) {
      List<RefTensor> out = new ArrayList<>(in.size());
      for (RT t : in) {
        out.add(t.value);
      }
      return out;
    }
  }

  static double dot(RefTensor t, double[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += t.get(i) * w[i];
    }
    return s;
  }

  static RefTensor roundToFloat(RefTensor t) {
    double[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) d[i];
    }
    return RefTensor.of(t.shape(), d);
  }

  // -------------------------------------------------------------------------------- step

  static final class RefStep extends Step {
    private final Ctx ctx;

    private RefStep(ReferenceBackend backend, StepMode mode, long seed, Ctx ctx) {
      super(backend, mode, seed, new RefMath(backend, ctx), new RefNn(backend, ctx));
      this.ctx = ctx;
    }

    static RefStep open(ReferenceBackend backend, StepMode mode, long seed) {
      return new RefStep(backend, mode, seed, new Ctx(backend, mode));
    }

    @Override
    protected Tensor constantKernel(float[] values, Shape shape) {
      return ctx.leaf(RefTensor.ofFloats(shape, values), DType.FLOAT32);
    }

    @Override
    protected Tensor constantIntsKernel(int[] values, Shape shape) {
      return ctx.leaf(RefTensor.ofInts(shape, values), DType.INT32);
    }

    @Override
    protected Tensor useKernel(Parameter parameter) {
      Param p = (Param) parameter;
      boolean requires = ctx.mode == StepMode.TRAINING && p.trainable();
      RT t = new RT(RefTensor.ofFloats(p.shape(), p.values), DType.FLOAT32, List.of(), null, p,
          requires);
      if (requires) {
        ctx.tape.add(t);
      }
      return t;
    }

    @Override
    protected void backwardKernel(Tensor loss) {
      RT root = (RT) loss;
      Map<RT, double[]> grads = new IdentityHashMap<>();
      grads.put(root, new double[] {1.0});
      for (int i = ctx.tape.size() - 1; i >= 0; i--) {
        RT node = ctx.tape.get(i);
        double[] g = grads.get(node);
        if (g == null) {
          continue;
        }
        if (node.param != null) {
          Param p = node.param;
          if (p.grad == null || ctx.backend.mutation == Mutation.GRADIENT_OVERWRITES) {
            p.grad = new double[g.length];
          }
          for (int e = 0; e < g.length; e++) {
            p.grad[e] += g[e];
          }
          continue;
        }
        if (node.vjp == null) {
          continue;
        }
        List<double @Nullable []> in = node.vjp.apply(g);
        for (int k = 0; k < node.inputs.size(); k++) {
          double[] gi = in.get(k);
          RT input = node.inputs.get(k);
          if (gi == null || !input.requiresGrad) {
            continue;
          }
          double[] acc = grads.computeIfAbsent(input, t -> new double[gi.length]);
          for (int e = 0; e < gi.length; e++) {
            acc[e] += gi[e];
          }
        }
      }
    }

    @Override
    protected @Nullable Tensor gradientKernel(Parameter parameter) {
      Param p = (Param) parameter;
      return p.grad == null ? null
          : ctx.leaf(roundToFloat(RefTensor.of(p.shape().dims(), p.grad)), DType.FLOAT32);
    }

    @Override
    protected void assignKernel(Parameter parameter, Tensor value) {
      ((Param) parameter).values = ((RT) value).value.toFloats();
    }

    @Override
    protected float[] toFloatsKernel(Tensor tensor) {
      return ((RT) tensor).value.toFloats();
    }

    @Override
    protected int[] toIntsKernel(Tensor tensor) {
      return ((RT) tensor).value.toInts();
    }

    @Override
    protected void closeKernel() {
      ctx.tape.clear();
    }
  }

  // ------------------------------------------------------------------------------ kernels

  static final class RefMath extends MathOps {
    private final Ctx ctx;

    RefMath(Backend backend, Ctx ctx) {
      super(backend);
      this.ctx = ctx;
    }

    /**
     * Elementwise binary ops get an analytic VJP (finite differences would cost a forward pass
     * per element): for maximum/minimum ties go to {@code a}, as the contract says.
     */
    @Override
    protected Tensor binaryKernel(Op op, Tensor a, Tensor b, Shape out) {
      RefTensor va = ((RT) a).value;
      RefTensor vb = ((RT) b).value;
      return ctx.op(List.of(a, b), in -> ReferenceOps.binary(op, in.get(0), in.get(1)), g -> {
        int[] os = out.dims();
        double[] ga = new double[va.size()];
        double[] gb = new double[vb.size()];
        int[] idx = new int[os.length];
        for (int i = 0; i < g.length; i++) {
          ReferenceOps.unravel(i, os, idx);
          int ia = ReferenceOps.broadcastIndex(va.shape, idx);
          int ib = ReferenceOps.broadcastIndex(vb.shape, idx);
          double x = va.get(ia);
          double y = vb.get(ib);
          switch (op) {
            case ADD -> {
              ga[ia] += g[i];
              gb[ib] += g[i];
            }
            case SUB -> {
              ga[ia] += g[i];
              gb[ib] -= g[i];
            }
            case MUL -> {
              ga[ia] += g[i] * y;
              gb[ib] += g[i] * x;
            }
            case DIV -> {
              ga[ia] += g[i] / y;
              gb[ib] -= g[i] * x / (y * y);
            }
            default -> {
              boolean toA = op == Op.MAXIMUM ? x >= y : x <= y;
              if (toA) {
                ga[ia] += g[i];
              } else {
                gb[ib] += g[i];
              }
            }
          }
        }
        return Arrays.asList(ga, gb);
      });
    }

    @Override
    protected Tensor unaryKernel(Op op, Tensor a) {
      return ctx.op(List.of(a), in -> ReferenceOps.unary(op, in.get(0)));
    }

    @Override
    protected Tensor scalarKernel(Op op, Tensor a, float scalar) {
      return ctx.op(List.of(a), in -> op == Op.MUL_SCALAR ? ReferenceOps.mulScalar(in.get(0), scalar)
          : ReferenceOps.addScalar(in.get(0), scalar));
    }

    @Override
    protected Tensor matmulKernel(Tensor a, Tensor b, Shape out) {
      return ctx.op(List.of(a, b), in -> ReferenceOps.matmul(in.get(0), in.get(1)));
    }

    @Override
    protected Tensor transposeKernel(Tensor a, int[] permutation, Shape out) {
      if (a.dtype() == DType.INT32) {
        return ctx.leaf(ReferenceOps.transpose(((RT) a).value, permutation), DType.INT32);
      }
      return ctx.op(List.of(a), in -> ReferenceOps.transpose(in.get(0), permutation));
    }

    @Override
    protected Tensor reshapeKernel(Tensor a, Shape out) {
      if (a.dtype() == DType.INT32) {
        return ctx.leaf(ReferenceOps.reshape(((RT) a).value, out.dims()), DType.INT32);
      }
      return ctx.op(List.of(a), in -> ReferenceOps.reshape(in.get(0), out.dims()));
    }

    @Override
    protected Tensor reduceKernel(Op op, Tensor a, int axis, boolean keepDims, Shape out) {
      return switch (op) {
        case SUM -> ctx.op(List.of(a), in -> ReferenceOps.sum(in.get(0), axis, keepDims));
        case MEAN -> ctx.op(List.of(a), in -> ReferenceOps.mean(in.get(0), axis, keepDims));
        default -> {
          RefTensor x = ((RT) a).value;
          yield ctx.op(List.of(a), in -> ReferenceOps.max(in.get(0), axis, keepDims),
              g -> List.of(maxVjp(x, axis, g, ctx.backend.mutation == Mutation.MAX_TIES_SPLIT)));
        }
      };
    }

    private static double[] maxVjp(RefTensor x, int axis, double[] g, boolean split) {
      int[] s = x.shape;
      int outer = ReferenceOps.prod(s, 0, axis);
      int inner = ReferenceOps.prod(s, axis + 1, s.length);
      int len = s[axis];
      RefTensor max = ReferenceOps.max(x, axis, false);
      RefTensor arg = ReferenceOps.argmax(x, axis);
      double[] out = new double[x.size()];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int k = o * inner + i;
          if (split) {
            int count = 0;
            for (int j = 0; j < len; j++) {
              count += x.get((o * len + j) * inner + i) == max.get(k) ? 1 : 0;
            }
            for (int j = 0; j < len; j++) {
              if (x.get((o * len + j) * inner + i) == max.get(k)) {
                out[(o * len + j) * inner + i] += g[k] / count;
              }
            }
          } else {
            out[(o * len + (int) arg.get(k)) * inner + i] += g[k];
          }
        }
      }
      return out;
    }

    @Override
    protected Tensor concatKernel(List<Tensor> tensors, int axis, Shape out) {
      return ctx.op(tensors, in -> ReferenceOps.concat(in, axis));
    }

    @Override
    protected Tensor sliceKernel(Tensor a, int axis, int start, int end, Shape out) {
      return ctx.op(List.of(a), in -> ReferenceOps.slice(in.get(0), axis, start, end));
    }

    @Override
    protected Tensor gatherKernel(Tensor a, int axis, Tensor indices, Shape out) {
      RT ri = (RT) indices;
      int len = a.shape().dim(axis);
      RefTensor idx = ri.value;
      for (int i : idx.toInts()) {
        if (i < 0 || i >= len) {
          if (ctx.backend.mutation == Mutation.GATHER_CLAMPS) {
            int[] clamped = idx.toInts();
            for (int k = 0; k < clamped.length; k++) {
              clamped[k] = Math.max(0, Math.min(len - 1, clamped[k]));
            }
            RefTensor c = RefTensor.ofInts(idx.spiShape(), clamped);
            return ctx.op(List.of(a), in -> ReferenceOps.gather(in.get(0), axis, c));
          }
          throw VitpException.userError("Op [gather] expected indices in [0, " + len
              + "). Received: index=" + i + ", axis=" + axis + ", shape=" + a.shape());
        }
      }
      return ctx.op(List.of(a), in -> ReferenceOps.gather(in.get(0), axis, idx));
    }

    @Override
    protected Tensor argmaxKernel(Tensor a, int axis, Shape out) {
      return ctx.leaf(ReferenceOps.argmax(((RT) a).value, axis), DType.INT32);
    }
  }

  static final class RefNn extends NnOps {
    private final Ctx ctx;

    RefNn(Backend backend, Ctx ctx) {
      super(backend);
      this.ctx = ctx;
    }

    @Override
    protected Tensor linearKernel(Tensor x, Tensor weight, @Nullable Tensor bias, Shape out) {
      if (bias == null) {
        return ctx.op(List.of(x, weight), in -> ReferenceOps.linear(in.get(0), in.get(1), null));
      }
      return ctx.op(List.of(x, weight, bias),
          in -> ReferenceOps.linear(in.get(0), in.get(1), in.get(2)));
    }

    @Override
    protected Tensor layerNormKernel(Tensor x, Tensor gamma, Tensor beta, float eps) {
      return ctx.op(List.of(x, gamma, beta),
          in -> ReferenceOps.layerNorm(in.get(0), in.get(1), in.get(2), eps));
    }

    @Override
    protected Tensor activationKernel(Op op, Tensor x) {
      if (op == Op.GELU && ctx.backend.mutation == Mutation.GELU_TANH) {
        return ctx.op(List.of(x), in -> {
          double[] d = in.get(0).data();
          for (int i = 0; i < d.length; i++) {
            double v = d[i];
            d[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
          }
          return RefTensor.of(in.get(0).shape(), d);
        });
      }
      return ctx.op(List.of(x), in -> ReferenceOps.unary(op, in.get(0)));
    }

    @Override
    protected Tensor normaliseKernel(Op op, Tensor x, int axis) {
      return ctx.op(List.of(x), in -> op == Op.SOFTMAX ? ReferenceOps.softmax(in.get(0), axis)
          : ReferenceOps.logSoftmax(in.get(0), axis));
    }

    @Override
    protected Tensor attentionKernel(Tensor q, Tensor k, Tensor v, boolean causal, Shape out) {
      return ctx.op(List.of(q, k, v),
          in -> ReferenceOps.attention(in.get(0), in.get(1), in.get(2), causal));
    }

    @Override
    protected Tensor conv2dKernel(
        Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
      if (bias == null) {
        return ctx.op(List.of(x, weight),
            in -> ReferenceOps.conv2d(in.get(0), in.get(1), null, stride, padding));
      }
      return ctx.op(List.of(x, weight, bias),
          in -> ReferenceOps.conv2d(in.get(0), in.get(1), in.get(2), stride, padding));
    }

    @Override
    protected Tensor convTranspose2dKernel(
        Tensor x, Tensor weight, @Nullable Tensor bias, int stride, int padding, Shape out) {
      if (bias == null) {
        return ctx.op(List.of(x, weight),
            in -> ReferenceOps.convTranspose2d(in.get(0), in.get(1), null, stride, padding));
      }
      return ctx.op(List.of(x, weight, bias),
          in -> ReferenceOps.convTranspose2d(in.get(0), in.get(1), in.get(2), stride, padding));
    }

    @Override
    protected Tensor resizeBilinearKernel(Tensor x, Shape out) {
      int h = out.dim(2);
      int w = out.dim(3);
      if (ctx.backend.mutation == Mutation.RESIZE_ALIGN_CORNERS) {
        return ctx.op(List.of(x), in -> alignCorners(in.get(0), h, w));
      }
      return ctx.op(List.of(x), in -> ReferenceOps.resizeBilinear(in.get(0), h, w));
    }

    private static RefTensor alignCorners(RefTensor x, int h, int w) {
      int n = x.dim(0) * x.dim(1);
      int hi = x.dim(2);
      int wi = x.dim(3);
      double[] out = new double[n * h * w];
      for (int c = 0; c < n; c++) {
        for (int oy = 0; oy < h; oy++) {
          double sy = h == 1 ? 0 : oy * (hi - 1.0) / (h - 1);
          int y0 = (int) sy;
          int y1 = Math.min(y0 + 1, hi - 1);
          double ly = sy - y0;
          for (int ox = 0; ox < w; ox++) {
            double sx = w == 1 ? 0 : ox * (wi - 1.0) / (w - 1);
            int x0 = (int) sx;
            int x1 = Math.min(x0 + 1, wi - 1);
            double lx = sx - x0;
            int b = c * hi * wi;
            out[(c * h + oy) * w + ox] =
                (1 - ly) * ((1 - lx) * x.get(b + y0 * wi + x0) + lx * x.get(b + y0 * wi + x1))
                + ly * ((1 - lx) * x.get(b + y1 * wi + x0) + lx * x.get(b + y1 * wi + x1));
          }
        }
      }
      return RefTensor.of(new int[] {x.dim(0), x.dim(1), h, w}, out);
    }

    @Override
    protected Tensor crossEntropyKernel(Tensor logits, Tensor targets, int ignoreIndex) {
      RefTensor t = ((RT) targets).value;
      int c = logits.shape().dim(1);
      for (int v : t.toInts()) {
        if (v != ignoreIndex && (v < 0 || v >= c)) {
          throw VitpException.userError("Op [crossEntropy] expected targets in [0, " + c
              + ") or ignoreIndex=" + ignoreIndex + ". Received: target=" + v);
        }
      }
      return ctx.op(List.of(logits), in -> ReferenceOps.crossEntropy(in.get(0), t, ignoreIndex));
    }
  }
}
