package dev.vitp.api.vrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class UniformTokenDropProperties {

  private static UniformTokenDrop drop(double ratio, double probability) {
    return new UniformTokenDrop(new UniformDropConfig(ratio, probability));
  }

  @Property
  void keepsCeilOfOneMinusRatioTimesNDistinctSortedPositionsPerSample(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double ratio,
      @ForAll @IntRange(min = 0, max = 8) int batch,
      @ForAll @IntRange(min = 1, max = 300) int tokens,
      @ForAll long seed) {
    KeptTokens kept = drop(ratio, 1.0).select(batch, tokens, new SplittableRandom(seed));
    int expected = UniformTokenDrop.keptCount(ratio, tokens);
    assertEquals(batch, kept.batchSize());
    assertEquals(tokens, kept.tokenCount());
    if (batch > 0) {
      assertEquals(expected, kept.keptPerSample());
    }
    // ⌈(1 − r)·N⌉ up to the rounding guard, and at least one token.
    assertTrue(expected >= 1 && expected <= tokens);
    assertTrue(Math.abs(expected - Math.ceil((1 - ratio) * tokens)) <= 1);
    assertTrue(expected >= (1 - ratio) * tokens - 1e-6);
    for (int b = 0; b < batch; b++) {
      int[] row = kept.positions(b);
      for (int i = 0; i < row.length; i++) {
        assertTrue(row[i] >= 0 && row[i] < tokens);
        // strictly increasing: unique and in original order
        assertTrue(i == 0 || row[i - 1] < row[i]);
      }
    }
  }

  @Property
  void equalSeedsGiveEqualSelections(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double ratio,
      @ForAll @DoubleRange(min = 0, max = 1) double probability,
      @ForAll @IntRange(min = 0, max = 6) int batch,
      @ForAll @IntRange(min = 0, max = 100) int tokens,
      @ForAll long seed) {
    UniformTokenDrop drop = drop(ratio, probability);
    KeptTokens a = drop.select(batch, tokens, new SplittableRandom(seed));
    KeptTokens b = drop.select(batch, tokens, new SplittableRandom(seed));
    assertEquals(a, b);
  }

  @Property
  void ratioZeroKeepsEverything(
      @ForAll @IntRange(min = 0, max = 6) int batch,
      @ForAll @IntRange(min = 0, max = 200) int tokens,
      @ForAll long seed) {
    assertEquals(KeptTokens.all(batch, tokens),
        drop(0.0, 1.0).select(batch, tokens, new SplittableRandom(seed)));
  }

  @Property
  void probabilityZeroNeverDrops(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double ratio,
      @ForAll @IntRange(min = 0, max = 6) int batch,
      @ForAll @IntRange(min = 0, max = 200) int tokens,
      @ForAll long seed) {
    assertEquals(KeptTokens.all(batch, tokens),
        drop(ratio, 0.0).select(batch, tokens, new SplittableRandom(seed)));
  }

  @Property
  void everySampleOfABatchKeepsTheSameCount(
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double ratio,
      @ForAll @DoubleRange(min = 0, max = 1) double probability,
      @ForAll @IntRange(min = 1, max = 8) int batch,
      @ForAll @IntRange(min = 1, max = 100) int tokens,
      @ForAll long seed) {
    KeptTokens kept = drop(ratio, probability).select(batch, tokens, new SplittableRandom(seed));
    int count = kept.keptPerSample();
    assertTrue(count == tokens || count == UniformTokenDrop.keptCount(ratio, tokens));
    for (int b = 0; b < batch; b++) {
      assertEquals(count, kept.positions(b).length);
    }
  }

  /**
   * Each position is kept with frequency k/N ≈ 1 − r. Over D draws the keep counts give a
   * chi-square style statistic Σ (O − E)² / E with N − 1 degrees of freedom (sampling without
   * replacement makes it smaller still); the bound df + 10·√(2·df) + 10 fails a fair sampler with
   * negligible probability but any positional bias of a few percent blows far past it.
   */
  @Property(tries = 25)
  void everyPositionIsKeptWithFrequencyCloseToOneMinusRatio(
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double ratio,
      @ForAll @IntRange(min = 2, max = 64) int tokens,
      @ForAll long seed) {
    int draws = 4000;
    int kept = UniformTokenDrop.keptCount(ratio, tokens);
    long[] counts = new long[tokens];
    KeptTokens batch = drop(ratio, 1.0).select(draws, tokens, new SplittableRandom(seed));
    for (int b = 0; b < draws; b++) {
      for (int position : batch.positions(b)) {
        counts[position]++;
      }
    }
    double expected = (double) draws * kept / tokens;
    double chi2 = 0;
    for (long observed : counts) {
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    int df = tokens - 1;
    assertTrue(chi2 < df + 10 * Math.sqrt(2.0 * df) + 10,
        "chi2=" + chi2 + " df=" + df + " counts=" + java.util.Arrays.toString(counts));
    // and the mean keep frequency is 1 − r up to the rounding of ⌈·⌉
    assertTrue(Math.abs((double) kept / tokens - (1 - ratio)) <= 1.0 / tokens + 1e-9);
  }

  @Example
  void biasedSamplerFailsTheUniformityBound() {
    // Sanity check of the statistic: always keeping the first k positions is far outside it.
    int tokens = 16;
    int kept = 4;
    int draws = 4000;
    double expected = (double) draws * kept / tokens;
    double chi2 = 0;
    for (int p = 0; p < tokens; p++) {
      double observed = p < kept ? draws : 0;
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    int df = tokens - 1;
    assertTrue(chi2 > df + 10 * Math.sqrt(2.0 * df) + 10);
  }

  @Example
  void paperSettingKeepsAQuarterAndRoundingDoesNotAddAToken() {
    assertEquals(64, UniformTokenDrop.keptCount(0.75, 256));
    assertEquals(4, UniformTokenDrop.keptCount(0.75, 16));
    assertEquals(3, UniformTokenDrop.keptCount(0.7, 10)); // (1 - 0.7) * 10 = 3.0000000000000004
    assertEquals(1, UniformTokenDrop.keptCount(0.99, 16));
    assertEquals(0, UniformTokenDrop.keptCount(0.5, 0));
  }

  @Example
  void selectionDrawsOnlyFromTheGivenRandom() {
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);
    drop(0.5, 1.0).select(3, 20, a);
    drop(0.5, 1.0).select(3, 20, b);
    assertEquals(a.nextLong(), b.nextLong());
  }

  @Example
  void rejectsOutOfRangeConfigsAndSizes() {
    assertThrows(VitpException.class, () -> new UniformDropConfig(1.0, 1.0));
    assertThrows(VitpException.class, () -> new UniformDropConfig(-0.1, 1.0));
    assertThrows(VitpException.class, () -> new UniformDropConfig(Double.NaN, 1.0));
    assertThrows(VitpException.class, () -> new UniformDropConfig(0.5, 1.5));
    VitpException e = assertThrows(VitpException.class,
        () -> drop(0.5, 1).select(-1, 4, new SplittableRandom(1)));
    assertEquals("Expected batchSize >= 0 and tokenCount >= 0 for tokenDrop [uniform]. "
        + "Received: batchSize=-1, tokenCount=4", e.getMessage());
    assertArrayEquals(new int[] {0, 1, 2}, drop(0.0, 1).select(1, 3, new SplittableRandom(1))
        .positions(0));
  }
}
