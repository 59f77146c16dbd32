package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.conformance.ReferenceBackend.Mutation;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.OpGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The suite checks what it claims: every op has a spec and its own tests, and deliberately broken
 * backends fail the properties that should catch them.
 */
class SuiteSelfTest {
  private static final int SAMPLES = 60;

  /** The suite over any backend, for calling its properties and checks directly. */
  static final class Harness implements BackendContract {
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
    public Backend backend() {
      return backend;
    }

    @Override
    public Map<Op, String> excludedOps(Backend backend) {
      return excluded;
    }

    BackendChecks checks() {
      return new BackendChecks(this);
    }
  }

  @Example
  void everyOpHasASpec() {
    assertEquals(List.of(), OpSpecs.opsWithoutSpec());
  }

  /** A registry with a single spec leaves every other kernel op without one. */
  @Example
  void missingSpecsAreNoticed() {
    List<Op> missing = OpSpecs.opsWithoutSpec(List.of(OpSpecs.of(Op.ADD)));
    long kernelOps = Arrays.stream(Op.values()).filter(op -> op.group() != OpGroup.TENSOR).count();
    assertEquals(kernelOps - 1, missing.size());
    assertTrue(missing.contains(Op.SUB) && !missing.contains(Op.ADD), missing::toString);
  }

  /** Each op gets its own forward, malformed-call and (when differentiable) gradient test. */
  @Example
  void everyOpGetsItsOwnTests() {
    Harness h = new Harness(new ReferenceBackend());
    List<String> forward = names(h.opsForward());
    List<String> gradient = names(h.opsGradient());
    List<String> malformed = names(h.opsRejectMalformedCalls());
    for (OpSpec spec : OpSpecs.all()) {
      String op = spec.op().opName();
      assertTrue(forward.contains(op + "Forward"), op);
      assertTrue(malformed.contains(op + "RejectsMalformedCalls"), op);
      assertEquals(spec.differentiable(), gradient.contains(op + "Gradient"), op);
    }
    Set<String> all = new HashSet<>(forward);
    all.addAll(gradient);
    all.addAll(malformed);
    assertEquals(forward.size() + gradient.size() + malformed.size(), all.size(), "unique names");
  }

  @Example
  void tanhGeluIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GELU_TANH));
    assertSomeSampleFails(OpSpecs.of(Op.GELU).validCalls(), h.checks()::checkForward);
  }

  /**
   * The per-op dynamic test fails too, naming the property and the seed to rerun it with. A
   * JUnit test, as the dynamic tests run outside jqwik's lifecycle.
   */
  @Test
  void aDynamicOpTestFailsWithTheOpAndTheSeed() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.GELU_TANH));
    DynamicTest geluForward = h.opsForward()
        .filter(t -> t.getDisplayName().equals("geluForward")).findFirst().orElseThrow();
    AssertionError e = assertThrows(AssertionError.class, () -> geluForward.getExecutable().execute());
    String message = String.valueOf(e.getMessage());
    assertTrue(message.startsWith("geluForward failed") && message.contains("seed")
        && message.contains("shrunk sample: gelu("), message);
  }

  /** A dynamic property makes all its tries and shrinks a failure as jqwik does. */
  @Test
  void aDynamicPropertyMakesItsTriesAndShrinks() {
    List<Integer> seen = new ArrayList<>();
    DynamicProperty.check("counting", Arbitraries.integers().between(0, 1000), 25, seen::add);
    assertEquals(25, seen.size());
    AssertionError e = assertThrows(AssertionError.class, () -> DynamicProperty.check(
        "belowTen", Arbitraries.integers().between(0, 1000), 100, v -> assertTrue(v < 10)));
    assertTrue(String.valueOf(e.getMessage()).contains("shrunk sample: 10\n"), e::getMessage);
  }

  @Example
  void alignCornersResizeIsCaught() {
    Harness h = new Harness(ReferenceBackend.mutant(Mutation.RESIZE_ALIGN_CORNERS));
    assertSomeSampleFails(OpSpecs.of(Op.RESIZE_BILINEAR).validCalls(), h.checks()::checkForward);
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
    assertSomeSampleFails(OpSpecs.gatherOutOfRange(), h::gatherRejectsIndicesOutOfRange);
  }

  @Example
  void anExcludedOpThatRunsAnywayIsNotSkipped() {
    // The suite is told ADD is excluded, but the backend runs it: the property must fail.
    Harness h = new Harness(new ReferenceBackend(), Map.of(Op.ADD, "pretend"));
    AssertionError e = assertThrows(AssertionError.class,
        () -> h.checks().checkForward(sample(OpSpecs.of(Op.ADD).validCalls(), new Random(1))));
    assertTrue(String.valueOf(e.getMessage()).contains("UNSUPPORTED"), e::getMessage);
  }

  @Example
  void theCorrectBackendPassesTheSameSamples() {
    Harness h = new Harness(new ReferenceBackend());
    BackendChecks checks = h.checks();
    Random random = new Random(2);
    for (int i = 0; i < 10; i++) {
      checks.checkForward(sample(OpSpecs.of(Op.GELU).validCalls(), random));
      checks.checkGradient(sample(OpSpecs.of(Op.RESIZE_BILINEAR).validCalls(), random));
      h.gatherRejectsIndicesOutOfRange(sample(OpSpecs.gatherOutOfRange(), random));
    }
    h.gradientsAccumulateAcrossStepsUntilZeroed(new int[] {2, 3}, 1L);
    h.maxSendsTiedGradientToFirstMaximum(new int[] {3, 4}, 5L);
  }

  private static List<String> names(Stream<DynamicTest> tests) {
    return tests.map(DynamicTest::getDisplayName).toList();
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
