package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.conformance.Covers.Aspect;
import dev.vitp.conformance.ReferenceBackend.Mutation;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Op;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The suite checks what it claims: the coverage guard sees every op, and deliberately broken
 * backends fail the properties that should catch them.
 */
class SuiteSelfTest {
  private static final int SAMPLES = 60;

  /** A conformance instance over any backend, for calling properties directly. */
  static final class Harness extends BackendConformance {
    private final Backend backend;
    private final Map<Op, String> excluded;

    Harness(Backend backend) {
      this(backend, backend.unsupportedOps());
    }

    Harness(Backend backend, Map<Op, String> excluded) {
      this.backend = backend;
      this.excluded = excluded;
    }

    @Override
    protected Backend backend() {
      return backend;
    }

    @Override
    protected Map<Op, String> excludedOps() {
      return excluded;
    }
  }

  @Test
  void everyOpIsCoveredByTheSuite() {
    assertEquals(Map.of(), BackendConformance.missingCoverage(BackendConformance.class));
  }

  /** A class with a single covering property leaves every other op uncovered. */
  static final class OnlyAdd {
    @Property
    @Covers(value = Op.ADD, aspect = Aspect.FORWARD)
    @Covers(value = Op.ADD, aspect = Aspect.ERROR)
    void add() {}

    @Covers(value = Op.SUB, aspect = Aspect.FORWARD) // not a property: does not count
    void sub() {}
  }

  @Test
  void coverageGuardNoticesGaps() {
    Map<Op, Set<Aspect>> missing = BackendConformance.missingCoverage(OnlyAdd.class);
    assertEquals(Set.of(Aspect.GRADIENT), missing.get(Op.ADD));
    assertEquals(Set.of(Aspect.FORWARD, Aspect.GRADIENT, Aspect.ERROR), missing.get(Op.SUB));
    assertEquals(Set.of(Aspect.FORWARD, Aspect.ERROR), missing.get(Op.ARGMAX));
    assertEquals(Op.values().length, missing.size());
  }

  @Test
  void tanhGeluIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GELU_TANH));
    assertSomeSampleFails(OpCalls.valid(Op.GELU), h::geluForward);
  }

  @Test
  void alignCornersResizeIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.RESIZE_ALIGN_CORNERS));
    assertSomeSampleFails(OpCalls.valid(Op.RESIZE_BILINEAR), h::resizeBilinearForward);
  }

  @Test
  void overwrittenGradientsAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GRADIENT_OVERWRITES));
    assertThrows(AssertionError.class,
        () -> h.gradientsAccumulateAcrossStepsUntilZeroed(new int[] {2, 3}, 1L));
    assertThrows(AssertionError.class,
        () -> h.gradientsAccumulateOverTwoBackwardCallsInOneStep(new int[] {2, 3}, 1L));
  }

  @Test
  void evenlySplitMaxTiesAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.MAX_TIES_SPLIT));
    assertThrows(AssertionError.class,
        () -> h.maxSendsTiedGradientToFirstMaximum(new int[] {3, 4}, 5L));
  }

  @Test
  void clampedGatherIndicesAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GATHER_CLAMPS));
    assertSomeSampleFails(OpCalls.gatherOutOfRange(), h::gatherRejectsIndicesOutOfRange);
  }

  @Test
  void anExcludedOpThatRunsAnywayIsNotSkipped() {
    // The suite is told ADD is excluded, but the backend runs it: the property must fail.
    Harness h = new Harness(new ReferenceBackend(), Map.of(Op.ADD, "pretend"));
    AssertionError e = assertThrows(AssertionError.class,
        () -> h.addForward(OpCalls.valid(Op.ADD).sample()));
    assertTrue(String.valueOf(e.getMessage()).contains("UNSUPPORTED"), e::getMessage);
  }

  @Test
  void theCorrectBackendPassesTheSameSamples() {
    Harness h = new Harness(new ReferenceBackend());
    for (int i = 0; i < 10; i++) {
      h.geluForward(OpCalls.valid(Op.GELU).sample());
      h.resizeBilinearGradient(OpCalls.valid(Op.RESIZE_BILINEAR).sample());
      h.gatherRejectsIndicesOutOfRange(OpCalls.gatherOutOfRange().sample());
    }
    h.gradientsAccumulateAcrossStepsUntilZeroed(new int[] {2, 3}, 1L);
    h.maxSendsTiedGradientToFirstMaximum(new int[] {3, 4}, 5L);
  }

  private static void assertSomeSampleFails(Arbitrary<OpCall> calls, Consumer<OpCall> property) {
    for (int i = 0; i < SAMPLES; i++) {
      OpCall call = calls.sample();
      try {
        property.accept(call);
      } catch (AssertionError expected) {
        return;
      }
    }
    throw new AssertionError("No sample of " + SAMPLES + " failed on the broken backend");
  }
}
