package dev.vitp.api.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** MAE's random masking and its per-patch targets. */
class MaeMaskProperties {
  @Property
  void hidesTheRatioOfEveryImageAndShowsTheRest(@ForAll @IntRange(min = 1, max = 6) int images,
      @ForAll @IntRange(min = 2, max = 200) int patches,
      @ForAll @FloatRange(min = 0.05f, max = 0.95f) float ratio, @ForAll long seed) {
    MaeMask mask = MaeMask.random(images, patches, ratio, new SplittableRandom(seed));
    int visible = Math.min(patches - 1, Math.max(1, (int) (patches * (1.0 - ratio))));
    assertEquals(visible, mask.visible().keptPerSample());
    assertEquals(patches - visible, mask.masked().keptPerSample());
    for (int i = 0; i < images; i++) {
      int[] all = IntStream.concat(Arrays.stream(mask.visible().positions(i)),
          Arrays.stream(mask.masked().positions(i))).sorted().toArray();
      assertArrayEquals(IntStream.range(0, patches).toArray(), all, "a partition of the grid");
    }
  }

  @Test
  void nanoHidesFortyEightOfSixtyFourPatchesAtTheDefaultRatio() {
    MaeMask mask = MaeMask.random(3, 64, 0.75f, new SplittableRandom(1));
    assertEquals(16, mask.visible().keptPerSample());
    assertEquals(48, mask.masked().keptPerSample());
  }

  @Property
  void isAFunctionOfTheGeneratorAlone(@ForAll long seed) {
    MaeMask a = MaeMask.random(4, 64, 0.75f, new SplittableRandom(seed));
    MaeMask b = MaeMask.random(4, 64, 0.75f, new SplittableRandom(seed));
    assertEquals(a, b);
  }

  @Test
  void imagesOfOneBatchAreMaskedIndependently() {
    MaeMask mask = MaeMask.random(2, 64, 0.75f, new SplittableRandom(7));
    assertNotEquals(Arrays.toString(mask.visible().positions(0)),
        Arrays.toString(mask.visible().positions(1)));
  }

  @Test
  void refusesRatiosOutsideTheOpenInterval() {
    SplittableRandom r = new SplittableRandom(0);
    assertThrows(VitpException.class, () -> MaeMask.random(1, 64, 1f, r));
    assertThrows(VitpException.class, () -> MaeMask.random(1, 64, 0f, r));
    assertThrows(VitpException.class, () -> MaeMask.random(1, 64, Float.NaN, r));
  }

  @Test
  void rawTargetsArePatchesInTheOrderOfThePatchEmbedding() {
    int size = 4;
    int patch = 2;
    float[] pixels = new float[3 * size * size];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i; // value = (c * 4 + y) * 4 + x
    }
    float[] targets = MaskedAutoencoder.targets(pixels, 1, size, patch, false);
    // Patch (row 1, col 0), channel 2, pixel (y 1, x 0): image (c 2, y 3, x 0).
    int patchIndex = 1 * 2 + 0;
    int value = (2 * patch + 1) * patch + 0;
    assertEquals((2 * 4 + 3) * 4 + 0, targets[patchIndex * 12 + value]);
  }

  @Property
  void normalisedTargetsHaveZeroMeanAndUnitVariancePerPatch(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] pixels = new float[2 * 3 * 8 * 8];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (r.nextGaussian() * 3 + 1);
    }
    float[] targets = MaskedAutoencoder.targets(pixels, 2, 8, 4, true);
    int values = 3 * 4 * 4;
    for (int p = 0; p < targets.length / values; p++) {
      double mean = 0;
      double square = 0;
      for (int v = 0; v < values; v++) {
        mean += targets[p * values + v];
        square += targets[p * values + v] * (double) targets[p * values + v];
      }
      mean /= values;
      double unbiased = (square - values * mean * mean) / (values - 1);
      assertEquals(0, mean, 1e-4);
      assertTrue(Math.abs(unbiased - 1) < 1e-3, "variance " + unbiased);
    }
  }
}
