package dev.vitp.spi.vrl;

import java.util.SplittableRandom;

/**
 * Visual Robustness Learning: chooses which projected image tokens reach the language model. It
 * runs after positional encoding, so kept tokens keep their original positions. Implementations
 * must be deterministic for a given {@code random} state, and every sample keeps the same count.
 */
@FunctionalInterface
public interface TokenDropStrategy {
  /**
   * @param batchSize samples in the batch
   * @param tokenCount image tokens per sample (after pixel shuffle)
   * @param random the step's generator; the only source of randomness allowed
   */
  KeptTokens select(int batchSize, int tokenCount, SplittableRandom random);
}
