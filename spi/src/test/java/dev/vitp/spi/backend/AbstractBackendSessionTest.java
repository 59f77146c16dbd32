package dev.vitp.spi.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks and messages the session and parameter bases own for every backend, pinned on a
 * backend that only stores host arrays.
 */
class AbstractBackendSessionTest {
  /** Stores values in host arrays; opening a step is outside what these tests reach. */
  private static final class HostBackend extends AbstractBackend {
    HostBackend(Set<Capability> capabilities) {
      super("host", capabilities);
    }

    @Override
    protected String details() {
      return "on the heap";
    }

    @Override
    public HostSession newSession(long seed) {
      return new HostSession(this, seed);
    }
  }

  private static final class HostSession extends AbstractBackendSession<HostBackend, HostParameter> {
    int closes;

    HostSession(HostBackend backend, long seed) {
      super(backend, seed, HostParameter.class);
    }

    @Override
    protected HostParameter newParameter(String name, Shape shape, float[] values,
        boolean trainable) {
      return new HostParameter(this, name, shape, values.clone(), trainable);
    }

    @Override
    protected Step newStepKernel(StepMode mode, long randomSeed) {
      throw new AssertionError("the base must refuse before opening a step");
    }

    @Override
    protected void closeKernel() {
      closes++;
    }
  }

  private static final class HostParameter extends AbstractParameter<HostSession> {
    float[] values;
    boolean gradientZeroed;

    HostParameter(HostSession session, String name, Shape shape, float[] values,
        boolean trainable) {
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
      gradientZeroed = true;
    }
  }

  private final HostBackend training = new HostBackend(
      Set.of(Capability.INFERENCE, Capability.TRAINING));

  private static VitpException userError(Runnable call) {
    VitpException e = assertThrows(VitpException.class, call::run);
    assertEquals(ErrorCode.USER_ERROR, e.code(), e.getMessage());
    return e;
  }

  @Test
  void createParameterRefusesDuplicateNamesAndWrongValueCounts() {
    HostSession session = training.newSession(3);
    Parameter w = session.createParameter("w", Shape.of(2), new float[] {1, 2}, true);
    assertEquals("Op [createParameter] expected a parameter name unique in the session. "
            + "Received: name=w (already defined with shape [2])",
        userError(() -> session.createParameter("w", Shape.of(3), new float[3], true))
            .getMessage());
    assertEquals("Op [createParameter] expected 6 values for shape [2, 3]. Received: name=v, "
            + "values=5",
        userError(() -> session.createParameter("v", Shape.of(2, 3), new float[5], true))
            .getMessage());
    assertNull(session.findParameter("v"), "a refused parameter is not stored");
    assertSame(w, session.findParameter("w"));
    assertEquals(List.of(w), session.parameters());
  }

  @Test
  void writeRefusesWrongValueCountsAndReadsBackWhatItWrote() {
    HostSession session = training.newSession(3);
    Parameter w = session.createParameter("w", Shape.of(2), new float[] {1, 2}, true);
    assertEquals("Op [write] expected 2 values for parameter w of shape [2]. Received: values=3",
        userError(() -> w.write(new float[3])).getMessage());
    w.write(new float[] {5, 6});
    assertArrayEquals(new float[] {5, 6}, w.read());
    w.setTrainable(false);
    assertEquals("Parameter[w, shape=[2], trainable=false]", w.toString());
  }

  @Test
  void parametersOfOtherSessionsAndOtherTypesAreRefusedNamingTheOp() {
    HostSession session = training.newSession(3);
    HostSession other = training.newSession(4);
    Parameter foreign = other.createParameter("w", Shape.of(1), new float[] {1}, true);
    assertEquals("Op [use] expected a parameter of this host session. Received: "
            + "Parameter[w, shape=[1], trainable=true] of another session",
        userError(() -> session.ownParameter(foreign, "use")).getMessage());
    Parameter own = session.createParameter("w", Shape.of(1), new float[] {1}, true);
    assertSame(own, session.ownParameter(own, "use"));
  }

  @Test
  void aClosedSessionRefusesEveryCallAndClosesOnce() {
    HostSession session = training.newSession(3);
    Parameter w = session.createParameter("w", Shape.of(1), new float[] {1}, true);
    session.close();
    session.close();
    assertEquals(1, session.closes, "closeKernel runs once");
    assertEquals(List.of(), session.parameters(), "a closed session forgets its parameters");
    assertEquals("Op [read] expected an open session of backend [host]. Received: a closed "
        + "session (its parameters are freed)", userError(w::read).getMessage());
    assertTrue(userError(() -> w.write(new float[1])).getMessage().startsWith("Op [write]"));
    assertTrue(userError(() -> w.setTrainable(false)).getMessage()
        .startsWith("Op [setTrainable]"));
    assertTrue(userError(() -> session.createParameter("v", Shape.of(1), new float[1], true))
        .getMessage().startsWith("Op [createParameter] expected an open session"));
    assertTrue(userError(() -> session.newStep(StepMode.INFERENCE, 1)).getMessage()
        .startsWith("Op [newStep] expected an open session"));
    assertTrue(userError(session::zeroGradients).getMessage().startsWith("Op [zeroGradients]"));
  }

  @Test
  void zeroGradientsReachesEveryParameter() {
    HostSession session = training.newSession(3);
    session.createParameter("a", Shape.of(1), new float[1], true);
    session.createParameter("b", Shape.of(1), new float[1], false);
    session.zeroGradients();
    for (Parameter p : session.parameters()) {
      assertTrue(((HostParameter) p).gradientZeroed, p.name());
    }
  }

  @Test
  void aTrainingStepOnABackendWithoutTrainingIsUnsupported() {
    HostSession session = new HostBackend(Set.of(Capability.INFERENCE)).newSession(3);
    VitpException e = assertThrows(VitpException.class,
        () -> session.newStep(StepMode.TRAINING, 1));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertEquals("Backend [host] lacks capability TRAINING, needed for a TRAINING step. "
        + "Received: capabilities=[INFERENCE]", e.getMessage());
  }

  @Test
  void backendBaseKeepsNameAndCapabilitiesAndNamesBothInToString() {
    Set<Capability> capabilities = new java.util.HashSet<>(Set.of(Capability.INFERENCE));
    HostBackend backend = new HostBackend(capabilities);
    capabilities.add(Capability.TRAINING);
    assertEquals(Set.of(Capability.INFERENCE), backend.capabilities(), "a copy, fixed at creation");
    assertEquals("host", backend.name());
    assertEquals("HostBackend[host, on the heap]", backend.toString());
  }
}
