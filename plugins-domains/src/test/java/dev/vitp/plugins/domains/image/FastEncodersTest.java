package dev.vitp.plugins.domains.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast encoders write ordinary files: ImageIO (the JDK's PNG and TIFF readers) decodes them
 * to exactly the samples encoded, for odd sizes, 1 x 1 and random samples (the PNG Sub filter
 * wraps around byte values; 16-bit samples above 32767 are unsigned).
 */
class FastEncodersTest {

  @Property(tries = 60)
  void png8DecodesToTheSamples(@ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll("rgbOrGray") int channels,
      @ForAll long seed) throws IOException {
    byte[] samples = new byte[w * h * channels];
    new Random(seed).nextBytes(samples);
    Raster raster = decode(FastEncoders.png(samples, null, w, h, channels, 8), w, h);
    assertEquals(channels, raster.getNumBands());
    assertArrayEquals(unsigned(samples), raster.getPixels(0, 0, w, h, (int[]) null));
  }

  @Provide
  Arbitrary<Integer> rgbOrGray() {
    return Arbitraries.of(1, 3);
  }

  @Property(tries = 40)
  void pngGray16DecodesToTheSamples(@ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll long seed) throws IOException {
    short[] gray = shorts(w * h, seed);
    Raster raster = decode(FastEncoders.png(null, gray, w, h, 1, 16), w, h);
    assertEquals(16, raster.getSampleModel().getSampleSize(0));
    assertArrayEquals(unsigned(gray), raster.getPixels(0, 0, w, h, (int[]) null));
  }

  @Property(tries = 40)
  void tiffGrayDecodesToTheSamples(@ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll long seed) throws IOException {
    byte[] gray8 = new byte[w * h];
    new Random(seed).nextBytes(gray8);
    assertArrayEquals(unsigned(gray8), decode(FastEncoders.tiffGray(gray8, null, w, h, 8), w, h)
        .getPixels(0, 0, w, h, (int[]) null));
    short[] gray16 = shorts(w * h, seed);
    Raster raster16 = decode(FastEncoders.tiffGray(null, gray16, w, h, 16), w, h);
    assertEquals(16, raster16.getSampleModel().getSampleSize(0));
    assertArrayEquals(unsigned(gray16), raster16.getPixels(0, 0, w, h, (int[]) null));
  }

  private static Raster decode(byte[] file, int w, int h) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(file));
    assertNotNull(image, "an ImageIO reader for the file");
    assertEquals(w, image.getWidth());
    assertEquals(h, image.getHeight());
    return image.getRaster();
  }

  private static short[] shorts(int n, long seed) {
    Random random = new Random(seed);
    short[] a = new short[n];
    for (int i = 0; i < n; i++) {
      a[i] = (short) random.nextInt(1 << 16);
    }
    return a;
  }

  private static int[] unsigned(byte[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] & 0xff;
    }
    return out;
  }

  private static int[] unsigned(short[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] & 0xffff;
    }
    return out;
  }
}
