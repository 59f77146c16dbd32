package dev.vitp.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Steps of a session reuse each other's arrays (the session's pool). Whatever a previous step left
 * in them must never show: the same computation repeated in later steps of the session (with
 * unrelated steps in between that fill the pool with other values) gives bit-identical outputs and
 * gradients.
 */
class BufferReuseTest {
  @Test
  void repeatedStepsGiveIdenticalResultsWhateverThePoolHolds() {
    JvmBackend backend = new JvmBackend(new JvmBackendConfig(2));
    try (BackendSession session = backend.newSession(7)) {
      SplittableRandom r = new SplittableRandom(7);
      Parameter x = param(session, "x", r, 4, 40, 32);
      Parameter w1 = param(session, "w1", r, 64, 32);
      Parameter b1 = param(session, "b1", r, 64);
      Parameter w2 = param(session, "w2", r, 32, 64);
      Parameter gamma = param(session, "gamma", r, 32);
      Parameter beta = param(session, "beta", r, 32);
      Parameter pos = param(session, "pos", r, 40, 32);
      Parameter img = param(session, "img", r, 2, 3, 24, 24);
      Parameter conv = param(session, "conv", r, 4, 3, 3, 3);
      Parameter up = param(session, "up", r, 4, 2, 2, 2);
      List<float[]> first = run(session, List.of(x, w1, b1, w2, gamma, beta, pos, img, conv, up));
      for (int round = 0; round < 3; round++) {
        scribble(session, round);
        session.zeroGradients();
        List<float[]> again = run(session, List.of(x, w1, b1, w2, gamma, beta, pos, img, conv, up));
        for (int i = 0; i < first.size(); i++) {
          assertArrayEquals(first.get(i), again.get(i), "result " + i + " in round " + round);
        }
      }
      assertTrue(((JvmSession) session).pool().pooled() > 0, "the steps did reuse arrays");
    }
  }

  @Test
  void anInferenceStepBeyondThePoolsCapacityLeavesDroppedIntermediatesToTheCollector() {
    JvmBackend backend = new JvmBackend(new JvmBackendConfig(1));
    int n = 8192;
    // a pool of two arrays: the constant and the first intermediate are the step's until it
    // closes, the rest belong to whoever still refers to them
    try (BackendSession session = new JvmSession(backend, 1, new BufferPool(2L * n));
        Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor x = s.constant(new float[n], Shape.of(n));
      List<WeakReference<float[]>> made = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        x = s.math().addScalar(x, 1f);
        made.add(new WeakReference<>(((JvmTensor) x).f));
      }
      for (int gc = 0; gc < 50 && made.get(4).get() != null; gc++) {
        System.gc();
      }
      assertNotNull(made.get(0).get(), "held by the step, for its pool");
      assertNull(made.get(4).get(), "a dropped intermediate beyond the pool's capacity");
      assertEquals(6f, s.toFloats(x)[n - 1]);
    }
  }

  private static List<float[]> run(BackendSession session, List<Parameter> p) {
    List<float[]> out = new ArrayList<>();
    try (Step s = session.newStep(StepMode.TRAINING, 3)) {
      var m = s.math();
      var nn = s.nn();
      Tensor x = m.add(s.use(p.get(0)), s.use(p.get(6))); // REPEAT broadcast
      Tensor h = nn.gelu(nn.linear(x, s.use(p.get(1)), s.use(p.get(2))));
      Tensor y = nn.layerNorm(nn.linear(h, s.use(p.get(3)), null), s.use(p.get(4)), s.use(p.get(5)),
          1e-6f);
      Tensor q = m.transpose(m.reshape(y, 4, 40, 2, 16), 0, 2, 1, 3);
      Tensor a = nn.attention(q, q, q, true);
      Tensor mask = s.constant(new float[] {1f, 0.5f, 2f, 0f}, Shape.of(4, 1, 1));
      Tensor z = m.mul(m.reshape(m.transpose(a, 0, 2, 1, 3), 4, 40, 32), mask); // BLOCK broadcast
      Tensor idx = s.constantInts(new int[] {0, 3, 3, 1, 0, 39, 20}, Shape.of(7));
      Tensor picked = m.gather(m.concat(List.of(z, m.slice(y, 1, 0, 8)), 1), 1, idx);
      Tensor c = nn.conv2d(s.use(p.get(7)), s.use(p.get(8)), null, 2, 1);
      Tensor u = nn.convTranspose2d(c, s.use(p.get(9)), null, 2, 0);
      Tensor loss = m.add(m.sumAll(m.mul(picked, picked)), m.meanAll(m.mul(u, u)));
      out.add(s.toFloats(picked));
      out.add(s.toFloats(u));
      s.backward(loss);
      for (Parameter param : p) {
        Tensor g = s.gradient(param);
        assertNotNull(g, param.name());
        out.add(s.toFloats(g));
      }
    }
    return out;
  }

  /** A step of unrelated work, so that pooled arrays hold other values. */
  private static void scribble(BackendSession session, int round) {
    try (Step s = session.newStep(StepMode.TRAINING, round)) {
      for (int n : new int[] {5120, 2560, 16384, 8192, 1280, 2048, 1024, 9216, 3456}) {
        Tensor t = s.random().normal(Shape.of(n), 100f, 50f);
        s.toFloats(s.math().exp(s.math().mulScalar(t, 0.01f)));
      }
    }
  }

  private static Parameter param(BackendSession session, String name, SplittableRandom r,
      int... dims) {
    Shape s = Shape.of(dims);
    float[] v = new float[s.elementCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() - 0.5);
    }
    return session.createParameter(name, s, v, true);
  }
}
