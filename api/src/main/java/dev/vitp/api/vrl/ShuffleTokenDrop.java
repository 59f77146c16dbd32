package dev.vitp.api.vrl;

import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.SplittableRandom;

/**
 * {@code shuffle}: keeps every image token, and with probability p (decided per sample) feeds a
 * sample's tokens in a uniformly random order (Fisher–Yates). Tokens keep their positional
 * encoding, so the language model sees the same content in a different sequence order.
 */
public final class ShuffleTokenDrop implements TokenDropStrategy {
  private final ShuffleDropConfig config;

  public ShuffleTokenDrop(ShuffleDropConfig config) {
    this.config = config;
  }

  public ShuffleDropConfig config() {
    return config;
  }

  @Override
  public KeptTokens select(int batchSize, int tokenCount, SplittableRandom random) {
    Sizes.check("shuffle", batchSize, tokenCount);
    int[][] positions = new int[batchSize][tokenCount];
    for (int b = 0; b < batchSize; b++) {
      int[] row = positions[b];
      for (int i = 0; i < tokenCount; i++) {
        row[i] = i;
      }
      if (random.nextDouble() < config.probability()) {
        for (int i = tokenCount - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = row[i];
          row[i] = row[j];
          row[j] = t;
        }
      }
    }
    return KeptTokens.of(tokenCount, positions);
  }

  @Override
  public String toString() {
    return "ShuffleTokenDrop[probability=" + config.probability() + "]";
  }
}
