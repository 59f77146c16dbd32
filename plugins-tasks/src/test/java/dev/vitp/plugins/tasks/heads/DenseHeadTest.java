package dev.vitp.plugins.tasks.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void anImageWideShiftBetweenDatesIsNoChangeButALocalOneIs() {
    SplittableRandom random = new SplittableRandom(1);
    int plane = H * W;
    float[] both = new float[2 * C * plane];
    for (int i = 0; i < C * plane; i++) {
      both[i] = (float) random.nextGaussian();
      // Date B: date A under other illumination, a different offset per channel ...
      both[C * plane + i] = both[i] + 0.7f * (i / plane + 1);
    }
    int changedPixel = C * plane + plane + 2 * W + 3; // ... and one pixel of channel 1 changed
    both[changedPixel] += 5f;
    try (BackendSession session = TestBackend.get().newSession(1);
        Step step = session.newStep(StepMode.INFERENCE, 0L)) {
      float[] fused = step.toFloats(DenseHead.fuseDates(step,
          step.constant(both, Shape.of(2, C, H, W)), 1));
      for (int c = 0; c < C; c++) {
        for (int p = 0; p < plane; p++) {
          float difference = fused[(2 * C + c) * plane + p];
          if (c == 1 && p == 2 * W + 3) {
            assertEquals(5f * (1 - 1f / plane), difference, 1e-4f);
          } else if (c != 1) {
            assertEquals(0f, difference, 1e-5f, "channel " + c + ", pixel " + p);
          } else {
            // The changed pixel moved channel 1's mean a little; no other pixel shows more.
            assertEquals(5f / plane, difference, 1e-4f);
          }
        }
      }
    }
  }
}
