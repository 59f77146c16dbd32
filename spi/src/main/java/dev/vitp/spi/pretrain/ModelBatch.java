package dev.vitp.spi.pretrain;

import dev.vitp.spi.VitpException;
import java.util.Arrays;

/**
 * One collated pretraining batch, what an {@link ObjectiveModel} trains on: images {@code [I, 3,
 * S, S]} (normalised, row-major), sample {@code i} contributing {@code imagesPerSample[i]}
 * consecutive images (I in all), text ids {@code [B, T]} and next-token targets {@code [B, T]}
 * where every position that is not an assistant token is {@link #IGNORE}. For an objective that
 * reads no text ({@link PretrainObjective#readsText()} false) {@code T} is 0 and both are empty.
 */
public record ModelBatch(int batchSize, int imageSize, float[] images, int[] imagesPerSample,
    int textTokens, int[] textIds, int[] targets) {
  /** The target value of unsupervised positions (PyTorch's ignore index). */
  public static final int IGNORE = -100;

  public ModelBatch {
    long imageCount = Arrays.stream(imagesPerSample).asLongStream().sum();
    long pixels = imageCount * 3 * imageSize * imageSize;
    if (batchSize <= 0 || imagesPerSample.length != batchSize
        || Arrays.stream(imagesPerSample).anyMatch(n -> n < 1) || images.length != pixels
        || textIds.length != batchSize * textTokens || targets.length != textIds.length) {
      throw VitpException.userError("Expected at least one image per sample, images [sum of "
          + "imagesPerSample, 3, " + imageSize + ", " + imageSize + "] and text/targets ["
          + batchSize + ", " + textTokens + "]. Received: imagesPerSample="
          + Arrays.toString(imagesPerSample) + ", images=" + images.length + ", textIds="
          + textIds.length + ", targets=" + targets.length);
    }
  }

  /** A batch of one image per sample: images {@code [B, 3, S, S]}. */
  public ModelBatch(int batchSize, int imageSize, float[] images, int textTokens, int[] textIds,
      int[] targets) {
    this(batchSize, imageSize, images, oneEach(batchSize), textTokens, textIds, targets);
  }

  private static int[] oneEach(int batchSize) {
    int[] ones = new int[Math.max(0, batchSize)];
    Arrays.fill(ones, 1);
    return ones;
  }

  /** Images in the batch, every sample's together. */
  public int imageCount() {
    return Arrays.stream(imagesPerSample).sum();
  }

  /** Targets that are supervised (not {@link #IGNORE}). */
  public int supervisedTokens() {
    int n = 0;
    for (int t : targets) {
      n += t == IGNORE ? 0 : 1;
    }
    return n;
  }
}
