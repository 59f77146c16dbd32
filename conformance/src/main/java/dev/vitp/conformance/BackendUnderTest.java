package dev.vitp.conformance;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Op;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/**
 * What every backend contract needs from the test that runs it: the backend, the ops it is
 * expected to reject, and the tolerances. Only {@link #backend()} must be implemented.
 */
public interface BackendUnderTest {
  /** Tries per forward and gradient property (shapes are small: dimensions 1 to 5). */
  int TRIES = 25;
  /** Tries per malformed-call property (these fail before any kernel runs, mostly). */
  int ERROR_TRIES = 8;
  /** Tries per step/session property. */
  int STEP_TRIES = 10;

  /** The backend under test. Called once per property; the result is reused for its tries. */
  Backend backend();

  /**
   * Ops the suite expects to fail with UNSUPPORTED on this backend. Defaults to {@link
   * Backend#unsupportedOps()}; every op listed here must really be rejected with UNSUPPORTED.
   */
  default Map<Op, String> excludedOps(Backend backend) {
    return backend.unsupportedOps();
  }

  /**
   * Tolerance of forward results against the float64 reference; the op's spec by default. A
   * backend that computes in lower precision (say TF32 on a GPU) may widen it, saying why.
   */
  default Tolerance forwardTolerance(Op op) {
    return OpSpecs.of(op).forwardTolerance();
  }

  /** Tolerance of gradients against finite differences of the float64 reference. */
  default Tolerance gradientTolerance(Op op) {
    return OpSpecs.of(op).gradientTolerance();
  }

  /** Shapes of rank 0 to 4 with dimensions 1 to 4. */
  @Provide
  default Arbitrary<int[]> smallShapes() {
    return Gen.shapes(0, 4, 4);
  }
}
