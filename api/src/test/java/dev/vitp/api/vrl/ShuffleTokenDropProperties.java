package dev.vitp.api.vrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.vrl.KeptTokens;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ShuffleTokenDropProperties {

  private static ShuffleTokenDrop shuffle(double probability) {
    return new ShuffleTokenDrop(new ShuffleDropConfig(probability));
  }

  @Property
  void everySampleIsAPermutationOfAllPositions(
      @ForAll @DoubleRange(min = 0, max = 1) double probability,
      @ForAll @IntRange(min = 0, max = 8) int batch,
      @ForAll @IntRange(min = 0, max = 200) int tokens,
      @ForAll long seed) {
    KeptTokens kept = shuffle(probability).select(batch, tokens, new SplittableRandom(seed));
    for (int b = 0; b < batch; b++) {
      int[] row = kept.positions(b);
      Arrays.sort(row);
      for (int i = 0; i < tokens; i++) {
        assertEquals(i, row[i]);
      }
    }
  }

  @Property
  void equalSeedsGiveEqualPermutations(
      @ForAll @DoubleRange(min = 0, max = 1) double probability,
      @ForAll @IntRange(min = 0, max = 6) int batch,
      @ForAll @IntRange(min = 0, max = 100) int tokens,
      @ForAll long seed) {
    assertEquals(shuffle(probability).select(batch, tokens, new SplittableRandom(seed)),
        shuffle(probability).select(batch, tokens, new SplittableRandom(seed)));
  }

  @Property
  void probabilityZeroKeepsTheOriginalOrder(
      @ForAll @IntRange(min = 0, max = 6) int batch,
      @ForAll @IntRange(min = 0, max = 200) int tokens,
      @ForAll long seed) {
    assertEquals(KeptTokens.all(batch, tokens),
        shuffle(0).select(batch, tokens, new SplittableRandom(seed)));
  }

  /** Each token lands at each position with frequency 1/N (chi-square style bound, as for uniform). */
  @Property(tries = 10)
  void positionsAreUniformlyPermuted(
      @ForAll @IntRange(min = 2, max = 12) int tokens, @ForAll long seed) {
    int draws = 6000;
    long[][] counts = new long[tokens][tokens];
    KeptTokens kept = shuffle(1).select(draws, tokens, new SplittableRandom(seed));
    for (int b = 0; b < draws; b++) {
      int[] row = kept.positions(b);
      for (int slot = 0; slot < tokens; slot++) {
        counts[slot][row[slot]]++;
      }
    }
    double expected = (double) draws / tokens;
    int df = (tokens - 1) * (tokens - 1);
    double chi2 = 0;
    for (long[] slot : counts) {
      for (long observed : slot) {
        chi2 += (observed - expected) * (observed - expected) / expected;
      }
    }
    assertTrue(chi2 < df + 10 * Math.sqrt(2.0 * df) + 10, "chi2=" + chi2 + " df=" + df);
  }

  @Example
  void noneKeepsEverything() {
    assertArrayEquals(new int[] {0, 1, 2, 3},
        new NoTokenDrop().select(2, 4, new SplittableRandom(3)).positions(1));
  }
}
