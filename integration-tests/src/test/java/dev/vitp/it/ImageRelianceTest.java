package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.train.ImageReliance;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.AdamW;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageRelianceTest {
  private static final int TEXT = 48;

  /** Samples alternate bright and dark images; the one supervised answer token says which. */
  private static ModelBatch brightOrDark(int batch) {
    int plane = 3 * 64 * 64;
    float[] images = new float[batch * plane];
    int[] ids = new int[batch * TEXT];
    int[] targets = new int[batch * TEXT];
    Arrays.fill(targets, ModelBatch.IGNORE);
    for (int s = 0; s < batch; s++) {
      boolean bright = s % 2 == 0;
      Arrays.fill(images, s * plane, (s + 1) * plane, bright ? 1f : -1f);
      ids[s * TEXT + 5] = 3;
      targets[s * TEXT + 5] = bright ? 1 : 2;
    }
    return new ModelBatch(batch, 64, images, TEXT, ids, targets);
  }

  @Test
  void rotatingMovesEveryImageToThePreviousSampleAndKeepsTheText() {
    ModelBatch batch = VitpModelTest.randomBatch(3, 64, 1);
    ModelBatch rotated = ImageReliance.withImagesRotated(batch);
    int plane = 3 * 64 * 64;
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(Arrays.copyOfRange(batch.images(), ((s + 1) % 3) * plane,
          ((s + 1) % 3 + 1) * plane), Arrays.copyOfRange(rotated.images(), s * plane,
          (s + 1) * plane));
    }
    assertArrayEquals(batch.textIds(), rotated.textIds());
    assertArrayEquals(batch.targets(), rotated.targets());
    VitpException e = assertThrows(VitpException.class,
        () -> ImageReliance.withImagesRotated(VitpModelTest.randomBatch(1, 64, 1)));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }

  @Test
  void rotatingMovesEachSamplesImagesWithTheirCount() {
    int plane = 3 * 64 * 64;
    float[] images = new float[4 * plane];
    for (int image = 0; image < 4; image++) {
      Arrays.fill(images, image * plane, (image + 1) * plane, image);
    }
    ModelBatch single = VitpModelTest.randomBatch(3, 64, 1);
    ModelBatch batch = new ModelBatch(3, 64, images, new int[] {1, 2, 1}, TEXT,
        single.textIds(), single.targets());
    ModelBatch rotated = ImageReliance.withImagesRotated(batch);
    assertArrayEquals(new int[] {2, 1, 1}, rotated.imagesPerSample());
    float[] firstPixelOfEachImage = new float[4];
    for (int image = 0; image < 4; image++) {
      firstPixelOfEachImage[image] = rotated.images()[image * plane];
    }
    assertArrayEquals(new float[] {1, 2, 3, 0}, firstPixelOfEachImage);
  }

  @Test
  void theGapOpensOnlyOnceTheModelAnswersFromTheImage() {
    ModelBatch batch = brightOrDark(8);
    try (BackendSession session = DjlFixture.backend().newSession(3)) {
      VitpModel model = new VitpModel(session, Presets.get("nano"), 16, 3);
      ImageReliance before = ImageReliance.measure(session, model, (step, micro) -> batch, 1);
      // Untrained, the gap is initialisation noise (0.11 at this seed), far below the trained one.
      assertTrue(Math.abs(before.gap()) < 0.25, "untrained: " + before);

      AdamW optimizer = new AdamW(session, new ArrayList<>(session.parameters()),
          new AdamW.Settings(0.9f, 0.999f, 1e-8f, 0f));
      KeptTokens all = KeptTokens.all(8, model.spec().imageTokens());
      for (int t = 1; t <= 40; t++) {
        session.zeroGradients();
        try (Step step = session.newStep(StepMode.TRAINING, t)) {
          step.backward(model.loss(step, batch, all));
        }
        try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
          optimizer.update(step, 1e-3f, 1f, t);
        }
      }
      ImageReliance after = ImageReliance.measure(session, model, (step, micro) -> batch, 1);
      assertTrue(after.ownImageLoss() < 0.2 && after.gap() > 1.0, "trained: " + after);
    }
  }
}
