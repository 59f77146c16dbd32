package dev.vitp.api.train;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.VitpModel;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.vrl.KeptTokens;

/**
 * How much a ViTP model's answers depend on the image: the mean answer loss over some batches with
 * each sample's own image, and with the image of the next sample in the batch instead. The gap is
 * the signal the ViT trains on; near zero, the decoder answers from text priors alone (early in
 * pretraining, or when the data's answers can be guessed without looking). All image tokens are
 * kept, as downstream use keeps them.
 *
 * @param batches batches measured
 * @param ownImageLoss mean loss with the right images
 * @param swappedImageLoss mean loss with every image moved to the next sample
 */
public record ImageReliance(int batches, double ownImageLoss, double swappedImageLoss) {
  /** {@code swappedImageLoss - ownImageLoss}. */
  public double gap() {
    return swappedImageLoss - ownImageLoss;
  }

  /** Measures on batches {@code 0 .. count-1} of {@code source} (batches of at least 2). */
  public static ImageReliance measure(BackendSession session, VitpModel model, BatchSource source,
      int count) {
    double own = 0;
    double swapped = 0;
    int measured = 0;
    for (int i = 0; i < count; i++) {
      ModelBatch batch = source.batch(i, 0);
      if (batch.supervisedTokens() == 0) {
        continue;
      }
      KeptTokens all = KeptTokens.all(batch.imageCount(), model.spec().imageTokens());
      try (Step step = session.newStep(StepMode.INFERENCE, 0L)) {
        own += step.item(model.loss(step, batch, all));
        swapped += step.item(model.loss(step, withImagesRotated(batch), all));
      }
      measured++;
    }
    if (measured == 0) {
      throw VitpException.userError("Expected batches with supervised tokens to measure image "
          + "reliance. Received: none in the first " + count);
    }
    return new ImageReliance(measured, own / measured, swapped / measured);
  }

  /**
   * The same batch with sample {@code i}'s images replaced by sample {@code i + 1}'s
   * (cyclically), image counts included.
   */
  public static ModelBatch withImagesRotated(ModelBatch batch) {
    int n = batch.batchSize();
    if (n < 2) {
      throw VitpException.userError("Expected a batch of at least 2 samples to swap images "
          + "between. Received: batch size " + n);
    }
    int plane = 3 * batch.imageSize() * batch.imageSize();
    int[] counts = batch.imagesPerSample();
    int[] first = new int[n];
    for (int s = 1; s < n; s++) {
      first[s] = first[s - 1] + counts[s - 1];
    }
    float[] rotated = new float[batch.images().length];
    int[] rotatedCounts = new int[n];
    int at = 0;
    for (int s = 0; s < n; s++) {
      int from = (s + 1) % n;
      rotatedCounts[s] = counts[from];
      System.arraycopy(batch.images(), first[from] * plane, rotated, at, counts[from] * plane);
      at += counts[from] * plane;
    }
    return new ModelBatch(n, batch.imageSize(), rotated, rotatedCounts, batch.textTokens(),
        batch.textIds(), batch.targets());
  }
}
