package dev.vitp.plugins.tasks.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.tasks.testing.TestBackend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the change-detection head fuses the two dates' feature maps. */
class DenseHeadTest {
  private static final int C = 3;
  private static final int H = 4;
  private static final int W = 5;

  @Test
  void anImageWideGainAndShiftBetweenDatesIsNoChangeButALocalOneIs() {
    SplittableRandom random = new SplittableRandom(1);
    int plane = H * W;
    float[] both = new float[2 * C * plane];
    for (int i = 0; i < C * plane; i++) {
      both[i] = (float) random.nextGaussian();
      // Date B: date A under other illumination, a different gain and offset per channel ...
      int channel = i / plane;
      both[C * plane + i] = (0.5f + channel) * both[i] + 0.7f * (channel + 1);
    }
    int changedPixel = 2 * W + 3; // ... and one pixel of channel 1 changed
    both[C * plane + plane + changedPixel] += 5f;
    try (BackendSession session = TestBackend.get().newSession(1);
        Step step = session.newStep(StepMode.INFERENCE, 0L)) {
      float[] fused = step.toFloats(DenseHead.fuseDates(step,
          step.constant(both, Shape.of(2, C, H, W)), 1));
      for (int c = 0; c < C; c += 2) {
        for (int p = 0; p < plane; p++) {
          assertEquals(0f, fused[(2 * C + c) * plane + p], 1e-4f, "channel " + c + ", pixel " + p);
        }
      }
      float changed = fused[(2 * C + 1) * plane + changedPixel];
      for (int p = 0; p < plane; p++) {
        if (p != changedPixel) {
          float other = fused[(2 * C + 1) * plane + p];
          assertTrue(changed > 4 * other, "changed " + changed + ", pixel " + p + " " + other);
        }
      }
    }
  }
}
