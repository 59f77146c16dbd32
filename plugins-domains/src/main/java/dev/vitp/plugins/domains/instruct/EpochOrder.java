package dev.vitp.plugins.domains.instruct;

import dev.vitp.spi.VitpException;

/**
 * The order of one epoch over a recipe: dataset {@code d} contributes {@code kept[d]} entries
 * (repeat_time applied), entry {@code j} of it being record {@code j % lines[d]}; all entries are
 * concatenated in recipe order and, when shuffled, permuted by a seeded bijection (a Feistel
 * network with cycle walking) — O(1) memory, a different order per epoch, the same for a seed.
 */
public final class EpochOrder {
  private final long[] starts;
  private final int[] lines;
  private final long total;
  private final boolean shuffle;
  private final long[] keys;
  private final int halfBits;
  private final long halfMask;

  /**
   * @param lines records per dataset file
   * @param kept entries per dataset in this epoch ({@link RecipeEntry#keptCount})
   */
  public EpochOrder(int[] lines, long[] kept, boolean shuffle, long seed, int epoch) {
    this.lines = lines.clone();
    this.starts = new long[kept.length + 1];
    for (int d = 0; d < kept.length; d++) {
      if (kept[d] > 0 && lines[d] == 0) {
        throw VitpException.internal("Expected records for a dataset with kept entries");
      }
      starts[d + 1] = Math.addExact(starts[d], kept[d]);
    }
    this.total = starts[kept.length];
    this.shuffle = shuffle;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, total - 1)));
    if ((bits & 1) == 1) {
      bits++;
    }
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    this.keys = new long[4];
    long s = mix(seed ^ 0x9E3779B97F4A7C15L * (epoch + 1L));
    for (int i = 0; i < keys.length; i++) {
      s = mix(s + 0x632BE59BD9B4E019L);
      keys[i] = s;
    }
  }

  public long size() {
    return total;
  }

  /** The global entry at {@code position} of this epoch. */
  public long entry(long position) {
    if (position < 0 || position >= total) {
      throw VitpException.internal("Expected a position in [0, " + total + "). Received: " + position);
    }
    if (!shuffle) {
      return position;
    }
    long x = position;
    do {
      x = permute(x);
    } while (x >= total);
    return x;
  }

  /** The dataset of a global entry. */
  public int dataset(long entry) {
    int lo = 0;
    int hi = starts.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= entry) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The record index (within its dataset file) of a global entry. */
  public int record(long entry) {
    int d = dataset(entry);
    return (int) ((entry - starts[d]) % lines[d]);
  }

  private long permute(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (long k : keys) {
      long f = mix(right ^ k) & halfMask;
      long t = right;
      right = left ^ f;
      left = t;
    }
    return (left << halfBits) | right;
  }

  /** SplitMix64's finaliser. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
