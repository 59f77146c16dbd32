package dev.vitp.plugins.domains.synth;

import java.util.SplittableRandom;

/**
 * Seed derivation: every generated item draws from its own stream {@code (seed, stream, index)},
 * so items are independent of generation order and threads, and streams (pretraining vs each
 * downstream split) never share an item.
 */
public final class Seeds {
  private Seeds() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long of(long seed, long stream, long index) {
    return mix(mix(mix(seed) ^ (stream * 0x9E3779B97F4A7C15L)) + index);
  }

  public static SplittableRandom random(long seed, long stream, long index) {
    return new SplittableRandom(of(seed, stream, index));
  }

  /** A stable stream id for a name (e.g. a downstream task and split). */
  public static long stream(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return mix(h);
  }
}
