package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.conformance.Covers.Aspect;
import dev.vitp.conformance.ReferenceBackend.Mutation;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Op;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Property;
import net.jqwik.api.Example;

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

  @Example
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

  @Example
  void coverageGuardNoticesGaps() {
    Map<Op, Set<Aspect>> missing = BackendConformance.missingCoverage(OnlyAdd.class);
    assertEquals(Set.of(Aspect.GRADIENT), missing.get(Op.ADD));
    assertEquals(Set.of(Aspect.FORWARD, Aspect.GRADIENT, Aspect.ERROR), missing.get(Op.SUB));
    assertEquals(Set.of(Aspect.FORWARD, Aspect.ERROR), missing.get(Op.ARGMAX));
    assertEquals(Op.values().length, missing.size());
  }

  @Example
  void tanhGeluIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GELU_TANH));
    assertSomeSampleFails(OpCalls.valid(Op.GELU), h::geluForward);
  }

  @Example
  void alignCornersResizeIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.RESIZE_ALIGN_CORNERS));
    assertSomeSampleFails(OpCalls.valid(Op.RESIZE_BILINEAR), h::resizeBilinearForward);
  }

  @Example
  void overwrittenGradientsAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GRADIENT_OVERWRITES));
    assertThrows(AssertionError.class,
        () -> h.gradientsAccumulateAcrossStepsUntilZeroed(new int[] {2, 3}, 1L));
    assertThrows(AssertionError.class,
        () -> h.gradientsAccumulateOverTwoBackwardCallsInOneStep(new int[] {2, 3}, 1L));
  }

  @Example
  void evenlySplitMaxTiesAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.MAX_TIES_SPLIT));
    assertThrows(AssertionError.class,
        () -> h.maxSendsTiedGradientToFirstMaximum(new int[] {3, 4}, 5L));
  }

  @Example
  void clampedGatherIndicesAreCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GATHER_CLAMPS));
    assertSomeSampleFails(OpCalls.gatherOutOfRange(), h::gatherRejectsIndicesOutOfRange);
  }

  @Example
  void anExcludedOpThatRunsAnywayIsNotSkipped() {
    // The suite is told ADD is excluded, but the backend runs it: the property must fail.
    Harness h = new Harness(new ReferenceBackend(), Map.of(Op.ADD, "pretend"));
    AssertionError e = assertThrows(AssertionError.class,
        () -> h.addForward(sample(OpCalls.valid(Op.ADD), new Random(1))));
    assertTrue(String.valueOf(e.getMessage()).contains("UNSUPPORTED"), e::getMessage);
  }

  @Example
  void theCorrectBackendPassesTheSameSamples() {
    Harness h = new Harness(new ReferenceBackend());
    Random random = new Random(2);
    for (int i = 0; i < 10; i++) {
      h.geluForward(sample(OpCalls.valid(Op.GELU), random));
      h.resizeBilinearGradient(sample(OpCalls.valid(Op.RESIZE_BILINEAR), random));
      h.gatherRejectsIndicesOutOfRange(sample(OpCalls.gatherOutOfRange(), random));
    }
    h.gradientsAccumulateAcrossStepsUntilZeroed(new int[] {2, 3}, 1L);
    h.maxSendsTiedGradientToFirstMaximum(new int[] {3, 4}, 5L);
  }

  /**
   * One value of {@code arbitrary} from a seeded random, so that a failure of these self-tests
   * repeats ({@code Arbitrary.sample()} draws from a fresh random seed each run).
   */
  private static <T> T sample(Arbitrary<T> arbitrary, Random random) {
    return arbitrary.generator(1000).next(random).value();
  }

  private static void assertSomeSampleFails(Arbitrary<OpCall> calls, Consumer<OpCall> property) {
    Random random = new Random(3);
    for (int i = 0; i < SAMPLES; i++) {
      OpCall call = sample(calls, random);
      try {
        property.accept(call);
      } catch (AssertionError expected) {
        return;
      }
    }
    throw new AssertionError("No sample of " + SAMPLES + " failed on the broken backend");
  }
}
