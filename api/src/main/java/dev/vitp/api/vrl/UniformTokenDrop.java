package dev.vitp.api.vrl;

import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.SplittableRandom;

/**
 * {@code uniform}: Visual Robustness Learning as in the ViTP paper. With probability p (decided
 * once per batch, so that every sample keeps the same count) each sample independently keeps
 * exactly ⌈(1 − r)·N⌉ of its N image tokens, chosen uniformly at random, in their original order;
 * otherwise the batch keeps all N.
 *
 * <p>Draws only from the {@link SplittableRandom} it is given: one {@code nextDouble()} per batch,
 * then selection sampling (Knuth's Algorithm S) per sample, which yields each k-subset with equal
 * probability and the kept positions already sorted.
 */
public final class UniformTokenDrop implements TokenDropStrategy {
  /** Absorbs binary rounding of r, so that r = 0.7, N = 10 keeps 3 and not 4. */
  private static final double EPSILON = 1e-9;

  private final UniformDropConfig config;

  public UniformTokenDrop(UniformDropConfig config) {
    this.config = config;
  }

  public UniformDropConfig config() {
    return config;
  }

  /** ⌈(1 − ratio)·N⌉: how many of N tokens a sample keeps when the drop applies (≥ 1 if N ≥ 1). */
  public static int keptCount(double ratio, int tokenCount) {
    if (tokenCount == 0) {
      return 0;
    }
    int kept = (int) Math.ceil((1 - ratio) * tokenCount - EPSILON);
    return Math.max(1, Math.min(tokenCount, kept));
  }

  @Override
  public KeptTokens select(int batchSize, int tokenCount, SplittableRandom random) {
    Sizes.check("uniform", batchSize, tokenCount);
    boolean apply = random.nextDouble() < config.probability();
    int kept = keptCount(config.ratio(), tokenCount);
    if (!apply || kept == tokenCount) {
      return KeptTokens.all(batchSize, tokenCount);
    }
    int[][] positions = new int[batchSize][kept];
    for (int b = 0; b < batchSize; b++) {
      int[] row = positions[b];
      int chosen = 0;
      for (int i = 0; i < tokenCount && chosen < kept; i++) {
        // Keep position i with probability (still needed) / (still available).
        if (random.nextInt(tokenCount - i) < kept - chosen) {
          row[chosen++] = i;
        }
      }
    }
    return KeptTokens.of(tokenCount, positions);
  }

  @Override
  public String toString() {
    return "UniformTokenDrop[ratio=" + config.ratio() + ", probability=" + config.probability()
        + "]";
  }
}
