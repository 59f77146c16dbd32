package dev.vitp.toolkit.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.ValueScaling;
import dev.vitp.toolkit.json.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resampler against Pillow's {@code crop(...).resize((size, size), BILINEAR)} (then a mirror when
 * flipped), recorded by {@code benchmarks/python/resampler_fixture.py} for noise images: down- and
 * up-scaling, odd sizes, a crop, flips, a shrink by more than 2, RGB and single band.
 */
class ResamplerPilTest {
  /**
   * Mode F: Pillow filters float32 with double weights, Resampler with float weights and sums;
   * for values in [0, 1] that is float rounding (measured: at most 1.2e-7). 1e-5 leaves room and
   * still fails on a wrong tap or weight (without the widened support: 115 levels off in RGB).
   */
  private static final double FLOAT_TOLERANCE = 1e-5;
  /**
   * RGB: Pillow resizes 8-bit images in fixed point and rounds to uint8 after the horizontal pass
   * and again after the vertical one: up to 0.5 level each (the vertical weights sum to 1), so 1
   * level of 255 in all, where Resampler keeps floats (measured: at most 0.95 level).
   */
  private static final double UINT8_TOLERANCE_LEVELS = 1.0 + 1e-3;

  private static final ImageNormalization IDENTITY = ImageNormalization.of("identity",
      new float[] {0, 0, 0}, new float[] {1, 1, 1}, ValueScaling.BIT_DEPTH);

  @Test
  void resizesLikePillowsAntialiasedBilinear() throws IOException {
    List<?> cases = (List<?>) fixture().get("cases");
    assertEquals(7, cases.size());
    for (Object c : cases) {
      Map<?, ?> fixture = (Map<?, ?>) c;
      boolean rgb = fixture.get("mode").equals("RGB");
      int width = integer(fixture.get("width"));
      int height = integer(fixture.get("height"));
      List<?> crop = (List<?>) fixture.get("crop");
      int size = integer(fixture.get("size"));
      int bands = rgb ? 3 : 1;
      float[] input = floats((List<?>) fixture.get("input"), rgb ? 255f : 1f);
      float[] expected = floats((List<?>) fixture.get("expected"), 1f);
      DecodedImage image = new DecodedImage(width, height, bands, rgb ? 8 : 32, !rgb, input);

      float[] out = new float[3 * size * size];
      Resampler.resizeNormalize(image, integer(crop.get(0)), integer(crop.get(1)),
          integer(crop.get(2)), integer(crop.get(3)), (Boolean) fixture.get("flip"), size,
          IDENTITY, out, 0);

      String name = fixture.get("mode") + " " + width + "x" + height + " crop " + crop
          + " flip=" + fixture.get("flip") + " -> " + size;
      double scale = rgb ? 255 : 1; // compare RGB in uint8 levels, as Pillow stores it
      double tolerance = rgb ? UINT8_TOLERANCE_LEVELS : FLOAT_TOLERANCE;
      double max = 0;
      for (int channel = 0; channel < 3; channel++) {
        int band = rgb ? channel : 0; // a single band is replicated to three channels
        for (int i = 0; i < size * size; i++) {
          double diff = Math.abs(out[channel * size * size + i] * scale
              - expected[band * size * size + i]);
          max = Math.max(max, diff);
        }
      }
      assertTrue(max <= tolerance, name + ": max |diff| " + max + " over " + tolerance);
    }
  }

  private static Map<?, ?> fixture() throws IOException {
    try (InputStream in = ResamplerPilTest.class.getResourceAsStream("/pil-resize/fixtures.json")) {
      assertTrue(in != null, "pil-resize/fixtures.json on the test class path");
      return (Map<?, ?>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static int integer(Object value) {
    return Math.toIntExact((Long) value);
  }

  private static float[] floats(List<?> values, float divisor) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (((Number) values.get(i)).doubleValue() / divisor);
    }
    return a;
  }
}
