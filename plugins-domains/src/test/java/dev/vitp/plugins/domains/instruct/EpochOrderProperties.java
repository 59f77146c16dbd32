package dev.vitp.plugins.domains.instruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EpochOrderProperties {
  private static EpochOrder order(List<Integer> lines, List<Integer> repeats, boolean shuffle,
      long seed, int epoch) {
    int[] l = lines.stream().mapToInt(Integer::intValue).toArray();
    long[] kept = new long[l.length];
    for (int i = 0; i < l.length; i++) {
      kept[i] = (long) l[i] * repeats.get(i % repeats.size());
    }
    return new EpochOrder(l, kept, shuffle, seed, epoch);
  }

  @Property(tries = 200)
  void shuffledOrderIsAPermutationWithTheRecipeMultiplicities(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 300) Integer> lines,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3) Integer> repeats,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int epoch) {
    EpochOrder o = order(lines, repeats, true, seed, epoch);
    boolean[] seen = new boolean[(int) o.size()];
    int[][] count = new int[lines.size()][];
    for (int d = 0; d < lines.size(); d++) {
      count[d] = new int[lines.get(d)];
    }
    for (long p = 0; p < o.size(); p++) {
      long e = o.entry(p);
      assertTrue(!seen[(int) e], "entry visited twice");
      seen[(int) e] = true;
      count[o.dataset(e)][o.record(e)]++;
    }
    for (int d = 0; d < lines.size(); d++) {
      int r = repeats.get(d % repeats.size());
      int[] expected = new int[lines.get(d)];
      Arrays.fill(expected, r);
      assertTrue(Arrays.equals(expected, count[d]), "every record appears repeat_time times");
    }
  }

  @Property(tries = 50)
  void orderIsAFunctionOfSeedAndEpoch(@ForAll long seed,
      @ForAll @IntRange(min = 20, max = 500) int n) {
    EpochOrder a = order(List.of(n), List.of(1), true, seed, 0);
    EpochOrder b = order(List.of(n), List.of(1), true, seed, 0);
    EpochOrder c = order(List.of(n), List.of(1), true, seed, 1);
    long[] pa = new long[n];
    long[] pb = new long[n];
    long[] pc = new long[n];
    for (int p = 0; p < n; p++) {
      pa[p] = a.entry(p);
      pb[p] = b.entry(p);
      pc[p] = c.entry(p);
    }
    assertTrue(Arrays.equals(pa, pb));
    assertNotEquals(Arrays.toString(pa), Arrays.toString(pc), "a new epoch, a new order");
  }

  @Property(tries = 50)
  void unshuffledOrderIsTheRecipeOrder(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 50) Integer> lines) {
    EpochOrder o = order(lines, List.of(1), false, 0, 0);
    long p = 0;
    for (int d = 0; d < lines.size(); d++) {
      for (int r = 0; r < lines.get(d); r++) {
        long e = o.entry(p++);
        assertEquals(d, o.dataset(e));
        assertEquals(r, o.record(e));
      }
    }
  }
}
