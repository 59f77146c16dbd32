package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.AdamW;
import dev.vitp.spi.nn.OptimizerStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The update shared by pre- and fine-tuning: one global norm over optimizers, clip, refuse NaN. */
class OptimizerStepTest {
  // Gradients 3·(1, 1) and 4·(1, 1, 1, 1)/2 = 2·(1, 1, 1, 1): global norm √(18 + 16) = √34.
  private static final float[] HEAD_GRADIENT = {3f, 3f};
  private static final float[] BACKBONE_GRADIENT = {2f, 2f, 2f, 2f};

  @Test
  void theNormSpansEveryOptimizerAndClippingScalesEveryGradientAlike() {
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      Parameter head = session.createParameter("head", Shape.of(2), new float[2], true);
      Parameter backbone = session.createParameter("backbone", Shape.of(4), new float[4], true);
      AdamW headOptimizer = new AdamW(session, List.of(head), AdamW.Settings.defaults());
      AdamW backboneOptimizer = new AdamW(session, List.of(backbone), AdamW.Settings.defaults());
      backward(session, head, HEAD_GRADIENT, backbone, BACKBONE_GRADIENT);
      float clipNorm = 1f;
      float scale = 0.5f;
      float norm;
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        norm = OptimizerStep.apply(step, List.of(new OptimizerStep.Part(headOptimizer, 1),
            new OptimizerStep.Part(backboneOptimizer, 1)), 1e-3f, scale, clipNorm,
            n -> VitpException.userError("norm " + n));
      }
      assertEquals(Math.sqrt(34) * scale, norm, 1e-5);
      // Adam's first moment after one update is (1 - beta1)·g, g scaled and clipped.
      float factor = scale * clipNorm / norm * (1 - 0.9f);
      assertMoment(session, "head", HEAD_GRADIENT, factor);
      assertMoment(session, "backbone", BACKBONE_GRADIENT, factor);
    }
  }

  @Test
  void aNonFiniteNormIsRefusedBeforeAnyWeightChanges() {
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      Parameter head = session.createParameter("head", Shape.of(2), new float[] {1f, 2f}, true);
      Parameter backbone = session.createParameter("backbone", Shape.of(4), new float[4], true);
      AdamW headOptimizer = new AdamW(session, List.of(head), AdamW.Settings.defaults());
      AdamW backboneOptimizer = new AdamW(session, List.of(backbone), AdamW.Settings.defaults());
      backward(session, head, HEAD_GRADIENT, backbone,
          new float[] {1f, Float.POSITIVE_INFINITY, 1f, 1f});
      VitpException refusal = VitpException.userError("refused");
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        VitpException e = assertThrows(VitpException.class, () -> OptimizerStep.apply(step,
            List.of(new OptimizerStep.Part(headOptimizer, 1),
                new OptimizerStep.Part(backboneOptimizer, 1)), 1e-3f, 1f, 0f, n -> refusal));
        assertSame(refusal, e);
      }
      assertArrayEquals(new float[] {1f, 2f}, head.read());
    }
  }

  /** Gradients {@code g} of each parameter: loss = Σ p·g. */
  private static void backward(BackendSession session, Parameter a, float[] ga, Parameter b,
      float[] gb) {
    session.zeroGradients();
    try (Step step = session.newStep(StepMode.TRAINING, 1)) {
      var m = step.math();
      step.backward(m.add(m.sumAll(m.mul(step.use(a), step.constant(ga, a.shape()))),
          m.sumAll(m.mul(step.use(b), step.constant(gb, b.shape())))));
    }
  }

  private static void assertMoment(BackendSession session, String name, float[] gradient,
      float factor) {
    Parameter moment = session.findParameter("optimizer.m." + name);
    assertNotNull(moment, name);
    float[] got = moment.read();
    for (int i = 0; i < gradient.length; i++) {
      assertEquals(gradient[i] * factor, got[i], 1e-6f, name + "[" + i + "]");
    }
  }
}
