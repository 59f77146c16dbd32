package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.DType;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session and step semantics: parameters, gradient accumulation, scoping, errors. */
class DjlSessionTest {
  private static final Backend BACKEND = new DjlPytorchBackend(new DjlPytorchConfig(1));

  private BackendSession session;

  @BeforeEach
  void open() {
    session = BACKEND.newSession(7);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void pluginIsDiscoveredAndBuildsTheBackend() {
    VitpPlugin plugin = ServiceLoader.load(VitpPlugin.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.id().equals("djl"))
        .findFirst()
        .orElseThrow();
    BackendFactory factory = plugin.backends().get(0);
    assertEquals("djl-pytorch", factory.name());
    assertEquals(DjlPytorchConfig.class, factory.configType());
    Backend backend = factory.create(new DjlPytorchConfig(1));
    assertEquals("djl-pytorch", backend.name());
    assertEquals(Set.of(Capability.INFERENCE, Capability.TRAINING), backend.capabilities());
    assertTrue(backend.unsupportedOps().isEmpty());
    assertEquals("true", System.getProperty("ai.djl.offline"));
  }

  @Test
  void configValidatesAndResolvesThreads() {
    assertEquals(Runtime.getRuntime().availableProcessors(),
        new DjlPytorchConfig(null).resolvedThreads());
    assertEquals(3, new DjlPytorchConfig(3).resolvedThreads());
    assertEquals(ErrorCode.USER_ERROR,
        assertThrows(VitpException.class, () -> new DjlPytorchConfig(0)).code());
  }

  @Test
  void rejectsDuplicateNamesAndWrongLengths() {
    session.createParameter("w", Shape.of(2), new float[] {1, 2}, true);
    VitpException duplicate = assertThrows(VitpException.class,
        () -> session.createParameter("w", Shape.of(2), new float[] {1, 2}, true));
    assertEquals(ErrorCode.USER_ERROR, duplicate.code());
    assertTrue(duplicate.getMessage().contains("name=w"), duplicate.getMessage());
    VitpException length = assertThrows(VitpException.class,
        () -> session.createParameter("v", Shape.of(3), new float[] {1, 2}, true));
    assertEquals(ErrorCode.USER_ERROR, length.code());
    assertNull(session.findParameter("v"));
    assertEquals(List.of("w"), session.parameters().stream().map(Parameter::name).toList());
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsAndStepsUntilZeroed() {
    Parameter w = session.createParameter("w", Shape.of(3), new float[] {1, 2, 3}, true);
    try (Step step = session.newStep(StepMode.TRAINING, 1)) {
      Tensor x = step.constant(new float[] {1, 10, 100}, Shape.of(3));
      step.backward(step.math().sumAll(step.math().mul(step.use(w), x)));
      assertArrayEquals(new float[] {1, 10, 100}, step.toFloats(step.gradient(w)));
      // A second forward/backward in the same step adds.
      step.backward(step.math().sumAll(step.math().mul(step.use(w), x)));
      assertArrayEquals(new float[] {2, 20, 200}, step.toFloats(step.gradient(w)));
    }
    try (Step step = session.newStep(StepMode.TRAINING, 2)) {
      // Opening a new step (a new GradientCollector) must not reset anything.
      assertArrayEquals(new float[] {2, 20, 200}, step.toFloats(step.gradient(w)));
      Tensor wv = step.use(w);
      step.backward(step.math().sumAll(step.math().mul(wv, wv))); // d/dw = 2w
      assertArrayEquals(new float[] {4, 24, 206}, step.toFloats(step.gradient(w)));
    }
    session.zeroGradients();
    try (Step step = session.newStep(StepMode.TRAINING, 3)) {
      assertNull(step.gradient(w), "no gradient after zeroGradients until the next backward");
      step.backward(step.math().sumAll(step.use(w)));
      assertArrayEquals(new float[] {1, 1, 1}, step.toFloats(step.gradient(w)));
    }
  }

  @Test
  void frozenAndUntouchedParametersHaveNoGradient() {
    Parameter frozen = session.createParameter("frozen", Shape.of(2), new float[] {1, 2}, false);
    Parameter live = session.createParameter("live", Shape.of(2), new float[] {3, 4}, true);
    Parameter unused = session.createParameter("unused", Shape.of(2), new float[] {5, 6}, true);
    try (Step step = session.newStep(StepMode.TRAINING, 1)) {
      assertNull(step.gradient(live), "never used");
      Tensor y = step.math().mul(step.use(frozen), step.use(live));
      step.backward(step.math().sumAll(y));
      assertNull(step.gradient(frozen));
      assertNull(step.gradient(unused));
      assertArrayEquals(new float[] {1, 2}, step.toFloats(step.gradient(live)));
    }
    frozen.setTrainable(true);
    try (Step step = session.newStep(StepMode.TRAINING, 2)) {
      step.backward(step.math().sumAll(step.math().mul(step.use(frozen), step.use(live))));
      assertArrayEquals(new float[] {3, 4}, step.toFloats(step.gradient(frozen)));
    }
  }

  @Test
  void inferenceStepsRecordNothing() {
    Parameter w = session.createParameter("w", Shape.of(2), new float[] {1, 2}, true);
    try (Step step = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor y = step.math().sumAll(step.math().mul(step.use(w), step.use(w)));
      assertEquals(5f, step.item(y));
      DjlTensor t = (DjlTensor) y;
      assertTrue(!ai.djl.pytorch.jni.JniUtils.requiresGrad(t.array()));
      VitpException e = assertThrows(VitpException.class, () -> step.backward(y));
      assertEquals(ErrorCode.USER_ERROR, e.code());
      assertNull(step.gradient(w));
    }
  }

  @Test
  void assignWritesInPlaceWithoutRecordingAndKeepsTheGradient() {
    Parameter w = session.createParameter("w", Shape.of(2, 2), new float[] {1, 2, 3, 4}, true);
    try (Step step = session.newStep(StepMode.TRAINING, 1)) {
      Tensor x = step.constant(new float[] {1, 1, 1, 1}, Shape.of(2, 2));
      step.backward(step.math().sumAll(step.math().mul(step.use(w), x)));
      // SGD update written with assign: w <- w - 0.5 * grad
      Tensor updated = step.math().sub(step.use(w), step.math().mulScalar(step.gradient(w), 0.5f));
      step.assign(w, updated);
      assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, w.read());
      assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, step.toFloats(step.use(w)));
    }
    try (Step step = session.newStep(StepMode.TRAINING, 2)) {
      step.backward(step.math().sumAll(step.use(w)));
      assertArrayEquals(new float[] {2, 2, 2, 2}, step.toFloats(step.gradient(w)),
          "the same leaf keeps accumulating after assign");
    }
    w.write(new float[] {9, 8, 7, 6});
    assertArrayEquals(new float[] {9, 8, 7, 6}, w.read());
    VitpException shape = assertThrows(VitpException.class, () -> {
      try (Step step = session.newStep(StepMode.INFERENCE, 3)) {
        step.assign(w, step.zeros(Shape.of(4)));
      }
    });
    assertEquals(ErrorCode.USER_ERROR, shape.code());
  }

  @Test
  void atMostOneOpenStepPerSession() {
    Step first = session.newStep(StepMode.INFERENCE, 1);
    VitpException e = assertThrows(VitpException.class,
        () -> session.newStep(StepMode.INFERENCE, 2));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains("one open step"), e.getMessage());
    first.close();
    session.newStep(StepMode.TRAINING, 3).close();
  }

  @Test
  void onlyOneTrainingStepInTheJvm() {
    try (BackendSession other = BACKEND.newSession(8);
        Step training = session.newStep(StepMode.TRAINING, 1)) {
      VitpException e = assertThrows(VitpException.class,
          () -> other.newStep(StepMode.TRAINING, 1));
      assertEquals(ErrorCode.USER_ERROR, e.code());
      other.newStep(StepMode.INFERENCE, 1).close();
      assertNotNull(training.scalar(1f));
    }
    try (BackendSession other = BACKEND.newSession(9)) {
      other.newStep(StepMode.TRAINING, 1).close();
    }
  }

  @Test
  void closedStepsAndForeignTensorsAreUserErrors() {
    Step old = session.newStep(StepMode.INFERENCE, 1);
    Tensor stale = old.constant(new float[] {1, 2}, Shape.of(2));
    old.close();
    old.close(); // idempotent
    VitpException closed = assertThrows(VitpException.class, () -> old.math());
    assertEquals(ErrorCode.USER_ERROR, closed.code());
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    try (Step step = session.newStep(StepMode.INFERENCE, 2)) {
      VitpException staleUse = assertThrows(VitpException.class,
          () -> step.math().add(stale, stale));
      assertEquals(ErrorCode.USER_ERROR, staleUse.code());
      assertTrue(staleUse.getMessage().contains("Op [add]")
          && staleUse.getMessage().contains("closed step"), staleUse.getMessage());
      Tensor foreign = new Tensor() {
        @Override public Shape shape() {
          return Shape.of(2);
        }

        @Override public DType dtype() {
          return DType.FLOAT32;
        }
      };
      VitpException other = assertThrows(VitpException.class,
          () -> step.math().add(foreign, step.zeros(Shape.of(2))));
      assertEquals(ErrorCode.USER_ERROR, other.code());
      assertTrue(other.getMessage().contains("djl-pytorch"), other.getMessage());
    }
  }

  @Test
  void parametersOfOtherSessionsAndClosedSessionsAreUserErrors() {
    Parameter w = session.createParameter("w", Shape.of(1), new float[] {1}, true);
    BackendSession other = BACKEND.newSession(1);
    try (Step step = other.newStep(StepMode.INFERENCE, 1)) {
      assertEquals(ErrorCode.USER_ERROR,
          assertThrows(VitpException.class, () -> step.use(w)).code());
    }
    other.close();
    session.close();
    assertEquals(ErrorCode.USER_ERROR, assertThrows(VitpException.class, w::read).code());
    assertEquals(ErrorCode.USER_ERROR,
        assertThrows(VitpException.class, () -> session.newStep(StepMode.INFERENCE, 1)).code());
  }

  @Test
  void closingTheSessionClosesItsOpenStep() {
    Step step = session.newStep(StepMode.TRAINING, 1);
    session.close();
    assertTrue(step.isClosed());
    try (BackendSession next = BACKEND.newSession(2)) {
      next.newStep(StepMode.TRAINING, 1).close(); // the collector slot was released
    }
  }

  @Test
  void nativeFailuresAreBackendFailures() {
    Parameter w = session.createParameter("w", Shape.of(2), new float[] {1, 2}, true);
    try (Step step = session.newStep(StepMode.TRAINING, 1)) {
      Tensor loss = step.math().sumAll(step.math().mul(step.use(w), step.use(w)));
      step.backward(loss);
      // PyTorch frees the graph after the first backward.
      VitpException e = assertThrows(VitpException.class, () -> step.backward(loss));
      assertEquals(ErrorCode.BACKEND_FAILURE, e.code());
      assertTrue(e.getMessage().startsWith("Op [backward] failed on backend [djl-pytorch]: "),
          e.getMessage());
    }
  }

  @Test
  void intsRoundTripAndArgmax() {
    try (Step step = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor ints = step.constantInts(new int[] {3, -1, 7}, Shape.of(3));
      assertEquals(DType.INT32, ints.dtype());
      assertArrayEquals(new int[] {3, -1, 7}, step.toInts(ints));
      Tensor x = step.constant(new float[] {1, 5, 5, 9, 2, 9}, Shape.of(2, 3));
      Tensor am = step.math().argmax(x, 1);
      assertEquals(DType.INT32, am.dtype());
      assertArrayEquals(new int[] {1, 0}, step.toInts(am));
    }
  }
}
