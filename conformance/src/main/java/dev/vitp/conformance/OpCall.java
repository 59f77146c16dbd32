package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One generated call of an op: its host inputs and attributes, how to run it on a backend's {@link
 * Step} and how to compute it with {@link ReferenceOps}. Its {@link #toString()} is what jqwik
 * prints as the (shrunk) counterexample, so it shows every input shape and value.
 */
public final class OpCall {
  /** A host input of the call: float32 values or int32 values, and whether it gets a gradient. */
  public record Input(String name, Shape shape, float @Nullable [] floats, int @Nullable [] ints,
      boolean differentiable) {

    public boolean isInt() {
      return ints != null;
    }

    /** The input as a tensor of the step (a constant). */
    public Tensor on(Step step) {
      return ints != null ? step.constantInts(ints.clone(), shape) : step.constant(floats(), shape);
    }

    @Override
    public float[] floats() {
      if (floats == null) {
        throw new IllegalStateException(name + " is an int32 input");
      }
      return floats.clone();
    }

    public RefTensor reference() {
      return ints != null ? RefTensor.ofInts(shape, ints) : RefTensor.ofFloats(shape, floats());
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(name).append('=').append(shape);
      b.append(ints != null ? " int32 " : " ");
      int n = ints != null ? ints.length : floats().length;
      b.append('{');
      for (int i = 0; i < Math.min(n, 48); i++) {
        b.append(i == 0 ? "" : ", ");
        b.append(ints != null ? Integer.toString(ints[i]) : Float.toString(floats[i]) + "f");
      }
      return b.append(n > 48 ? ", …}" : "}").toString();
    }
  }

  /** Runs the op on a backend's step; {@code inputs} are the call's inputs, in order. */
  @FunctionalInterface
  public interface BackendFn {
    Tensor apply(Step step, List<Tensor> inputs);
  }

  /** Computes the op with {@link ReferenceOps}; {@code inputs} are the call's inputs, in order. */
  @FunctionalInterface
  public interface ReferenceFn {
    RefTensor apply(List<RefTensor> inputs);
  }

  private final Op op;
  private final long seed;
  private final List<Input> inputs;
  private final String attributes;
  private final BackendFn backendFn;
  private final @Nullable ReferenceFn referenceFn;
  private final List<String> expectedInMessage;

  private OpCall(Builder b) {
    this.op = b.op;
    this.seed = b.seed;
    this.inputs = List.copyOf(b.inputs);
    this.attributes = b.attributes.toString();
    this.backendFn = b.backendFn;
    this.referenceFn = b.referenceFn;
    this.expectedInMessage = List.copyOf(b.expectedInMessage);
  }

  public static Builder of(Op op, long seed) {
    return new Builder(op, seed);
  }

  public Op op() {
    return op;
  }

  /** The seed the call was generated from; also the step seed it runs with (random ops). */
  public long seed() {
    return seed;
  }

  public List<Input> inputs() {
    return inputs;
  }

  public List<Tensor> materialize(Step step) {
    List<Tensor> out = new ArrayList<>(inputs.size());
    for (Input in : inputs) {
      out.add(in.on(step));
    }
    return out;
  }

  public Tensor runOn(Step step, List<Tensor> tensors) {
    return backendFn.apply(step, tensors);
  }

  /** Whether the call has a reference result (false for calls that must fail). */
  public boolean hasReference() {
    return referenceFn != null;
  }

  public RefTensor reference(List<RefTensor> refInputs) {
    if (referenceFn == null) {
      throw new IllegalStateException("A failing call has no reference: " + this);
    }
    return referenceFn.apply(refInputs);
  }

  public RefTensor reference() {
    List<RefTensor> refs = new ArrayList<>();
    for (Input in : inputs) {
      refs.add(in.reference());
    }
    return reference(refs);
  }

  /** Fragments the USER_ERROR message of a malformed call must contain (besides the op name). */
  public List<String> expectedInMessage() {
    return expectedInMessage;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(op.opName()).append('(');
    for (int i = 0; i < inputs.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(inputs.get(i));
    }
    if (!attributes.isEmpty()) {
      b.append(inputs.isEmpty() ? "" : ", ").append(attributes);
    }
    return b.append(") seed=").append(seed).toString();
  }

  /** Builds an {@link OpCall}. */
  public static final class Builder {
    private final Op op;
    private final long seed;
    private final List<Input> inputs = new ArrayList<>();
    private final StringBuilder attributes = new StringBuilder();
    private BackendFn backendFn = (s, t) -> {
      throw new IllegalStateException("no backend function");
    };
    private @Nullable ReferenceFn referenceFn;
    private final List<String> expectedInMessage = new ArrayList<>();

    private Builder(Op op, long seed) {
      this.op = op;
      this.seed = seed;
    }

    public Builder floats(String name, Shape shape, float[] values) {
      inputs.add(new Input(name, shape, values.clone(), null, true));
      return this;
    }

    /** A float input that is held constant in gradient checks. */
    public Builder constantFloats(String name, Shape shape, float[] values) {
      inputs.add(new Input(name, shape, values.clone(), null, false));
      return this;
    }

    public Builder ints(String name, Shape shape, int[] values) {
      inputs.add(new Input(name, shape, null, values.clone(), false));
      return this;
    }

    public Builder attribute(String name, Object value) {
      String v = value instanceof int[] a ? java.util.Arrays.toString(a)
          : value instanceof Float f ? f + "f" : String.valueOf(value);
      attributes.append(attributes.length() == 0 ? "" : ", ").append(name).append('=').append(v);
      return this;
    }

    public Builder backend(BackendFn fn) {
      this.backendFn = fn;
      return this;
    }

    public Builder reference(ReferenceFn fn) {
      this.referenceFn = fn;
      return this;
    }

    public Builder expectInMessage(String... fragments) {
      expectedInMessage.addAll(List.of(fragments));
      return this;
    }

    public OpCall build() {
      return new OpCall(this);
    }
  }

}
