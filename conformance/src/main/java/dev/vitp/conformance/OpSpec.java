package dev.vitp.conformance;

import dev.vitp.spi.backend.Op;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;

/**
 * Everything the suite knows about one op: its valid calls (each carries how to run it on a
 * {@code Step} and its float64 reference), its malformed calls (each carries the message
 * fragments its USER_ERROR must contain), the tolerances of forward results and gradients, and
 * fixed gradient cases that once caught a real backend bug. Whether gradients are checked follows
 * {@link Op#differentiable()}. The specs of all ops are listed in {@link OpSpecs}.
 *
 * @param gradientExamples fixed calls checked once each, beside the generated gradient property
 */
public record OpSpec(Op op, Arbitrary<OpCall> validCalls, Arbitrary<OpCall> malformedCalls,
    Tolerance forwardTolerance, Tolerance gradientTolerance, List<Example> gradientExamples) {

  /** Forward tolerance of most ops: float32 results of small sums. */
  static final Tolerance FORWARD = new Tolerance(1e-4, 1e-4);
  /** Gradient tolerance of most ops: finite differences of the float64 reference. */
  static final Tolerance GRADIENT = new Tolerance(1e-3, 1e-3);

  /** Fixed calls, named after what they reproduce (e.g. a native library's wrong gradient). */
  public record Example(String name, List<OpCall> calls) {}

  public OpSpec {
    gradientExamples = List.copyOf(gradientExamples);
  }

  /** A spec with the default tolerances and no fixed cases. */
  static OpSpec of(Op op, Arbitrary<OpCall> validCalls, Arbitrary<OpCall> malformedCalls) {
    return new OpSpec(op, validCalls, malformedCalls, FORWARD, GRADIENT, List.of());
  }

  public boolean differentiable() {
    return op.differentiable();
  }

  OpSpec withTolerances(Tolerance forward, Tolerance gradient) {
    return new OpSpec(op, validCalls, malformedCalls, forward, gradient, gradientExamples);
  }

  /** This spec plus a fixed gradient case named {@code name} (a lowerCamelCase test name). */
  OpSpec withGradientExample(String name, OpCall... calls) {
    List<Example> examples = new ArrayList<>(gradientExamples);
    examples.add(new Example(name, List.of(calls)));
    return new OpSpec(op, validCalls, malformedCalls, forwardTolerance, gradientTolerance,
        examples);
  }
}
