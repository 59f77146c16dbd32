package dev.vitp.api.model;

import dev.vitp.spi.VitpException;

/**
 * One collated training batch, ready for {@link VitpModel#loss}: images {@code [B, 3, S, S]}
 * row-major, text ids {@code [B, T]} and next-token targets {@code [B, T]} where every position
 * that is not an assistant token is {@link #IGNORE}.
 */
public record ModelBatch(int batchSize, int imageSize, float[] images, int textTokens,
    int[] textIds, int[] targets) {
  /** The target value of unsupervised positions (PyTorch's ignore index). */
  public static final int IGNORE = -100;

  public ModelBatch {
    long pixels = (long) batchSize * 3 * imageSize * imageSize;
    if (batchSize <= 0 || images.length != pixels || textIds.length != batchSize * textTokens
        || targets.length != textIds.length) {
      throw VitpException.userError("Expected images [" + batchSize + ", 3, " + imageSize + ", "
          + imageSize + "] and text/targets [" + batchSize + ", " + textTokens + "]. Received: "
          + "images=" + images.length + ", textIds=" + textIds.length + ", targets=" + targets.length);
    }
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
