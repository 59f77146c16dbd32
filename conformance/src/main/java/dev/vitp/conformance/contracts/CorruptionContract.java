package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.corruption.Corruption;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The laws of an image corruption, on random planar images of 1 or 3 bands, 1 to 48 pixels a
 * side, {@link Texture smooth, noisy or textured}: severity 0 is an exact copy; every severity
 * keeps the length and gives finite values in [0, 1]; the input is never changed; the same seed
 * gives the same image; and a stronger severity moves a textured image further from the
 * original, with severity 5 changing it measurably.
 *
 * <p>"Further" is the mean absolute difference from the original, averaged over {@link #SEEDS}
 * seeds (a seeded corruption may be milder for one seed than another), non-decreasing from one
 * severity to the next up to {@link #SLACK}, and above {@link #MIN_CHANGE} at severity 5, on
 * textured images of 16 to 48 pixels a side: structure at every scale, since a blur leaves a
 * constant image alone. Measured on the twelve built-ins over 2000 such images each, the mean
 * difference grew by at least 2 % from each severity to the next (the closest was JPEG's), so
 * the law needs no more slack than float rounding.
 */
public interface CorruptionContract {
  /** Seeds averaged over per severity in the "stronger changes more" law. */
  int SEEDS = 8;
  /** Float rounding allowed against the ordering of two severities' mean differences. */
  double SLACK = 1e-6;
  /**
   * The least mean absolute difference severity 5 must leave on a textured image (about 1.3 of
   * 255 levels; the built-in Gaussian blur at σ = 2 px, the mildest there, left at least 0.0088
   * on 2000 such images).
   */
  double MIN_CHANGE = 0.005;

  /** The corruption under test. */
  Corruption corruption();

  /** What a generated image looks like. */
  enum Texture {
    /** Value noise of 1 to 4 cells across: little for a blur or a codec to remove. */
    SMOOTH,
    /** Independent uniform values: all high frequencies. */
    NOISY,
    /**
     * Value noise down to 16 cells across (detail of a few pixels) plus 2 to 8 % of independent
     * noise. Light noise on purpose: a pixel's difference from an independent neighbour is the
     * same one pixel or ten away, and bilinear resampling smooths it more at some sub-pixel
     * offsets than at others, so heavy noise hides how much further a stronger shift, rotation
     * or zoom moves the scene.
     */
    TEXTURED
  }

  @Property(tries = 30)
  default void severityZeroIsAnExactCopy(@ForAll @IntRange(min = 1, max = 48) int width,
      @ForAll @IntRange(min = 1, max = 48) int height, @ForAll boolean rgb,
      @ForAll Texture texture, @ForAll long imageSeed, @ForAll long seed) {
    float[] image = image(texture, width, height, rgb ? 3 : 1, imageSeed);
    float[] out = corruption().apply(image, width, height, 0, seed);
    assertNotSame(image, out, "severity 0 must return a copy, not the input array");
    assertArrayEquals(image, out, "severity 0 must be the identity");
  }

  @Property(tries = 30)
  default void everySeverityKeepsTheLengthAndTheRange(
      @ForAll @IntRange(min = 1, max = 48) int width,
      @ForAll @IntRange(min = 1, max = 48) int height, @ForAll boolean rgb,
      @ForAll Texture texture, @ForAll long imageSeed, @ForAll long seed) {
    float[] image = image(texture, width, height, rgb ? 3 : 1, imageSeed);
    for (int s = 0; s <= Corruption.MAX_SEVERITY; s++) {
      int severity = s;
      float[] out = corruption().apply(image, width, height, severity, seed);
      assertNotNull(out, "apply returned null");
      assertEquals(image.length, out.length, () -> "length at severity " + severity);
      for (int i = 0; i < out.length; i++) {
        float v = out[i];
        int at = i;
        assertTrue(Float.isFinite(v) && v >= 0f && v <= 1f,
            () -> "value " + v + " at index " + at + ", severity " + severity
                + "; expected [0, 1]");
      }
    }
  }

  @Property(tries = 30)
  default void theInputIsNotChanged(@ForAll @IntRange(min = 1, max = 48) int width,
      @ForAll @IntRange(min = 1, max = 48) int height, @ForAll boolean rgb,
      @ForAll Texture texture, @ForAll long imageSeed, @ForAll long seed) {
    float[] image = image(texture, width, height, rgb ? 3 : 1, imageSeed);
    float[] before = image.clone();
    for (int s = 0; s <= Corruption.MAX_SEVERITY; s++) {
      corruption().apply(image, width, height, s, seed);
      assertArrayEquals(before, image, "severity " + s + " changed its input");
    }
  }

  @Property(tries = 30)
  default void theSameSeedGivesTheSameImage(@ForAll @IntRange(min = 1, max = 48) int width,
      @ForAll @IntRange(min = 1, max = 48) int height, @ForAll boolean rgb,
      @ForAll Texture texture, @ForAll long imageSeed, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = Corruption.MAX_SEVERITY) int severity) {
    float[] image = image(texture, width, height, rgb ? 3 : 1, imageSeed);
    assertArrayEquals(corruption().apply(image, width, height, severity, seed),
        corruption().apply(image, width, height, severity, seed),
        "a corrupted validation set must be the same on every run");
  }

  @Property(tries = 20)
  default void aStrongerSeverityChangesATexturedImageMore(
      @ForAll @IntRange(min = 16, max = 48) int width,
      @ForAll @IntRange(min = 16, max = 48) int height, @ForAll boolean rgb,
      @ForAll long imageSeed, @ForAll long seed) {
    float[] image = image(Texture.TEXTURED, width, height, rgb ? 3 : 1, imageSeed);
    double[] change = meanChange(corruption(), image, width, height, seed);
    for (int s = 1; s <= Corruption.MAX_SEVERITY; s++) {
      int severity = s;
      assertTrue(change[s] >= change[s - 1] - SLACK, () -> "mean absolute change by severity "
          + Arrays.toString(change) + " falls at severity " + severity);
    }
    assertTrue(change[Corruption.MAX_SEVERITY] > MIN_CHANGE, () -> "severity 5 changes a "
        + "textured image by " + change[Corruption.MAX_SEVERITY] + " on average; expected more "
        + "than " + MIN_CHANGE);
  }

  /**
   * The mean absolute difference from {@code image} at severities 0 to 5, each averaged over
   * {@link #SEEDS} seeds drawn from {@code seed}.
   */
  static double[] meanChange(Corruption corruption, float[] image, int width, int height,
      long seed) {
    double[] change = new double[Corruption.MAX_SEVERITY + 1];
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int k = 0; k < SEEDS; k++) {
      long s = seeds.nextLong();
      for (int severity = 0; severity <= Corruption.MAX_SEVERITY; severity++) {
        float[] out = corruption.apply(image, width, height, severity, s);
        double sum = 0;
        for (int i = 0; i < image.length; i++) {
          sum += Math.abs(out[i] - image[i]);
        }
        change[severity] += sum / image.length / SEEDS;
      }
    }
    return change;
  }

  /** A planar image of {@code bands × height × width} values in [0, 1], the same for a seed. */
  static float[] image(Texture texture, int width, int height, int bands, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int plane = width * height;
    float[] image = new float[bands * plane];
    double noise = switch (texture) {
      case SMOOTH -> 0;
      case NOISY -> 1;
      case TEXTURED -> 0.02 + 0.06 * random.nextDouble();
    };
    for (int b = 0; b < bands; b++) {
      float[] smooth = valueNoise(width, height, texture == Texture.SMOOTH ? 4 : 16, random);
      for (int p = 0; p < plane; p++) {
        double v = (1 - noise) * smooth[p] + noise * random.nextDouble();
        image[b * plane + p] = (float) Math.max(0, Math.min(1, v));
      }
    }
    return image;
  }

  /**
   * Value noise like a natural scene's: random lattices of 1, 2, 4, … {@code finest} cells
   * across, interpolated bilinearly, each octave at half the amplitude of the one before. Coarse
   * structure dominates, so pixels further apart differ more on average (periodic test images
   * would make a larger shift or rotation land back on similar values).
   */
  private static float[] valueNoise(int width, int height, int finest, SplittableRandom random) {
    double[] field = new double[width * height];
    double amplitude = 1;
    double total = 0;
    for (int cells = 1; cells <= finest; cells *= 2) {
      int side = cells + 1;
      double[] lattice = new double[side * side];
      for (int i = 0; i < lattice.length; i++) {
        lattice[i] = random.nextDouble();
      }
      for (int y = 0; y < height; y++) {
        double gy = (y + 0.5) * cells / height;
        int y0 = Math.min((int) gy, cells - 1);
        double fy = gy - y0;
        for (int x = 0; x < width; x++) {
          double gx = (x + 0.5) * cells / width;
          int x0 = Math.min((int) gx, cells - 1);
          double fx = gx - x0;
          double top = lattice[y0 * side + x0] * (1 - fx) + lattice[y0 * side + x0 + 1] * fx;
          double bottom =
              lattice[(y0 + 1) * side + x0] * (1 - fx) + lattice[(y0 + 1) * side + x0 + 1] * fx;
          field[y * width + x] += amplitude * (top * (1 - fy) + bottom * fy);
        }
      }
      total += amplitude;
      amplitude /= 2;
    }
    float[] out = new float[field.length];
    for (int i = 0; i < field.length; i++) {
      // Stretched about 0.5: the octave sum clusters near its mean.
      out[i] = (float) Math.max(0, Math.min(1, 0.5 + 1.6 * (field[i] / total - 0.5)));
    }
    return out;
  }
}
