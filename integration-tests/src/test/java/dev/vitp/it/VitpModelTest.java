package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.PixelShuffleProjector;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VitpModel;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VitpModelTest {
  static ModelBatch randomBatch(int batch, int vocab, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] images = new float[batch * 3 * 64 * 64];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextGaussian();
    }
    int t = 48;
    int[] ids = new int[batch * t];
    int[] targets = new int[batch * t];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextInt(vocab);
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        targets[b * t + i] = i >= 16 && i + 1 < t ? ids[b * t + i + 1] : ModelBatch.IGNORE;
      }
    }
    return new ModelBatch(batch, 64, images, t, ids, targets);
  }

  @Test
  void pixelShuffleConcatenatesTheTwoByTwoNeighbourhoodInOrder() {
    int g = 4;
    int c = 2;
    float[] tokens = new float[(1 + g * g) * c];
    for (int p = 0; p < g * g; p++) {
      for (int ch = 0; ch < c; ch++) {
        tokens[(1 + p) * c + ch] = 100 * (p / g) + 10 * (p % g) + ch; // row, col, channel
      }
    }
    try (BackendSession session = DjlFixture.backend().newSession(0);
        Step step = session.newStep(StepMode.INFERENCE, 0)) {
      var out = PixelShuffleProjector.pixelShuffle(step,
          step.constant(tokens, Shape.of(1, 1 + g * g, c)), g);
      assertEquals(Shape.of(1, 4, 4 * c), out.shape());
      float[] v = step.toFloats(out);
      // token (r=1, c=0) = patches (2,0), (2,1), (3,0), (3,1)
      float[] expected = {200, 201, 210, 211, 300, 301, 310, 311};
      float[] token = java.util.Arrays.copyOfRange(v, 2 * 4 * c, 3 * 4 * c);
      assertArrayEquals(expected, token);
    }
  }

  /** Logits of the batch's samples, every image token kept. */
  private static float[] logits(BackendSession session, VitpModel model, ModelBatch batch) {
    try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
      return step.toFloats(model.logits(step, batch,
          KeptTokens.all(batch.imageCount(), model.spec().imageTokens())));
    }
  }

  @Test
  void aSampleWithTwoImagesSeesBothAndTheOthersAreUntouchedByItsPadding() {
    int plane = 3 * 64 * 64;
    ModelBatch text = randomBatch(2, 512, 3);
    ModelBatch threeImages = randomBatch(3, 512, 4);
    float[] images = threeImages.images();
    int[] oneThenTwo = {1, 2};
    ModelBatch mixed = new ModelBatch(2, 64, images, oneThenTwo, 48, text.textIds(),
        text.targets());
    ModelBatch firstAlone = new ModelBatch(1, 64, Arrays.copyOf(images, plane), 48,
        Arrays.copyOf(text.textIds(), 48), Arrays.copyOf(text.targets(), 48));
    float[] otherSecondDate = images.clone();
    Arrays.fill(otherSecondDate, 2 * plane, 3 * plane, 0.5f);
    ModelBatch secondDateChanged = new ModelBatch(2, 64, otherSecondDate, oneThenTwo, 48,
        text.textIds(), text.targets());
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      VitpModel model = new VitpModel(session, Presets.get("nano"), 512, 1);
      float[] mixedLogits = logits(session, model, mixed);
      float[] aloneLogits = logits(session, model, firstAlone);
      float[] changedLogits = logits(session, model, secondDateChanged);
      int perSample = 48 * 512;
      float[] firstInMixed = Arrays.copyOf(mixedLogits, perSample);
      for (int i = 0; i < perSample; i++) {
        assertEquals(aloneLogits[i], firstInMixed[i], 1e-4f, "logit " + i);
      }
      assertArrayEquals(firstInMixed, Arrays.copyOf(changedLogits, perSample));
      float moved = 0;
      for (int i = perSample; i < 2 * perSample; i++) {
        moved = Math.max(moved, Math.abs(mixedLogits[i] - changedLogits[i]));
      }
      assertTrue(moved > 1e-3f, "the second image changed the answers by at most " + moved);
    }
  }

  @Test
  void moreImagesThanTheDecodersSlotsIsAClearError() {
    ModelBatch three = randomBatch(3, 512, 4);
    ModelBatch batch = new ModelBatch(1, 64, three.images(), new int[] {3}, 48,
        Arrays.copyOf(three.textIds(), 48), Arrays.copyOf(three.targets(), 48));
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      VitpModel model = new VitpModel(session, Presets.get("nano"), 512, 1);
      VitpException e = assertThrows(VitpException.class, () -> logits(session, model, batch));
      assertTrue(e.getMessage().contains("Expected 1 to 2 images per sample"), e.getMessage());
    }
  }

  @Test
  void nanoLossStartsNearUniformAndBackwardReachesEveryPart() {
    var spec = Presets.get("nano");
    try (BackendSession session = DjlFixture.backend().newSession(1)) {
      VitpModel model = new VitpModel(session, spec, 512, 1);
      ModelBatch batch = randomBatch(2, 512, 3);
      KeptTokens kept = KeptTokens.of(16, new int[][] {{0, 5, 9, 15}, {1, 2, 3, 4}});
      try (Step step = session.newStep(StepMode.TRAINING, 7)) {
        var loss = model.loss(step, batch, kept);
        float value = step.item(loss);
        assertTrue(Math.abs(value - Math.log(512)) < 0.5, "initial loss " + value);
        step.backward(loss);
        for (String name : new String[] {"vision_model.embeddings.patch_embedding.weight",
            "vision_model.encoder.layers.0.attn.qkv.weight", "mlp1.1.weight",
            "language_model.lm_head.weight", "language_model.embed_positions.weight"}) {
          var g = step.gradient(session.findParameter(name));
          assertTrue(g != null, name);
          float norm = step.item(step.math().sumAll(step.math().square(g)));
          assertTrue(norm > 0 && Float.isFinite(norm), name + " grad norm " + norm);
        }
      }
    }
  }
}
