package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The laws of a VRL token-drop strategy: for any batch and token count it keeps the same number
 * of distinct, in-range positions in every sample, at least one; in ascending order unless the
 * strategy says it permutes ({@link #keepsOrder()}); and the same selection for the same seed.
 */
public interface TokenDropContract {
  /** The strategy under test. */
  TokenDropStrategy strategy();

  /** Whether kept positions come in ascending order (false for a strategy that shuffles). */
  default boolean keepsOrder() {
    return true;
  }

  @Property(tries = 200)
  default void keepsTheSameNumberOfDistinctInRangePositionsInEverySample(
      @ForAll @IntRange(min = 1, max = 8) int batchSize,
      @ForAll @IntRange(min = 1, max = 300) int tokenCount, @ForAll long seed) {
    KeptTokens kept = strategy().select(batchSize, tokenCount, new SplittableRandom(seed));
    assertNotNull(kept, "select returned null");
    assertEquals(batchSize, kept.batchSize(), "one row per sample");
    assertEquals(tokenCount, kept.tokenCount(), "the token count it was asked about");
    int count = kept.keptPerSample();
    assertTrue(count >= 1 && count <= tokenCount,
        () -> "kept " + count + " of " + tokenCount + " tokens; expected 1.." + tokenCount);
    for (int b = 0; b < batchSize; b++) {
      int[] row = kept.positions(b);
      assertEquals(count, row.length, "sample " + b + " keeps as many as the others");
      boolean[] seen = new boolean[tokenCount];
      for (int i = 0; i < row.length; i++) {
        int p = row[i];
        assertTrue(p >= 0 && p < tokenCount, () -> "position " + p + " out of range");
        assertTrue(!seen[p], () -> "position " + p + " kept twice");
        seen[p] = true;
        if (keepsOrder() && i > 0) {
          assertTrue(row[i - 1] < p, () -> "positions out of order: " + kept);
        }
      }
    }
  }

  @Property(tries = 100)
  default void theSameSeedSelectsTheSameTokens(
      @ForAll @IntRange(min = 1, max = 8) int batchSize,
      @ForAll @IntRange(min = 1, max = 300) int tokenCount, @ForAll long seed) {
    KeptTokens a = strategy().select(batchSize, tokenCount, new SplittableRandom(seed));
    KeptTokens b = strategy().select(batchSize, tokenCount, new SplittableRandom(seed));
    assertEquals(a, b, "a resumed run must repeat the selection bit for bit");
  }
}
