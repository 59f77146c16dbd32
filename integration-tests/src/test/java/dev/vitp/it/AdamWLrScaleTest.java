package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.AdamW;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWLrScaleTest {
  private static final float[] START = {1f, -2f, 0.5f, 3f};
  private static final float LR = 0.1f;

  @Test
  void eachParameterMovesInProportionToItsScale() {
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      Map<String, Float> scales = Map.of("full", 1f, "half", 0.5f, "frozen", 0f);
      List<Parameter> params = scales.keySet().stream()
          .map(name -> session.createParameter(name, Shape.of(4), START.clone(), true)).toList();
      AdamW optimizer = new AdamW(session, params, AdamW.Settings.defaults(),
          p -> scales.get(p.name()));
      session.zeroGradients();
      try (Step step = session.newStep(StepMode.TRAINING, 1)) {
        var m = step.math();
        // The same gradient (the start values) for every parameter: loss = Σ p·start / 2.
        var loss = params.stream()
            .map(p -> m.sumAll(m.mul(step.use(p), step.constant(START, Shape.of(4)))))
            .reduce(m::add).orElseThrow();
        step.backward(m.mulScalar(loss, 0.5f));
      }
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        optimizer.update(step, LR, 1f, 1);
      }
      for (Parameter p : params) {
        float scale = scales.get(p.name());
        float[] after = p.read();
        for (int i = 0; i < START.length; i++) {
          // Adam's first step moves every weight by lr against the sign of its gradient.
          assertEquals(START[i] - Math.signum(START[i]) * LR * scale, after[i], 1e-5f,
              p.name() + "[" + i + "]");
        }
      }
    }
  }

  @Test
  void aNegativeOrNonFiniteScaleIsRefusedUpFront() {
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      Parameter p = session.createParameter("w", Shape.of(4), START.clone(), true);
      for (float bad : new float[] {-1f, Float.NaN}) {
        VitpException e = assertThrows(VitpException.class, () -> new AdamW(session,
            List.of(p), AdamW.Settings.defaults(), q -> bad));
        assertTrue(e.getMessage().contains("learning-rate scale") && e.getMessage().contains("w"),
            e.getMessage());
      }
    }
  }
}
