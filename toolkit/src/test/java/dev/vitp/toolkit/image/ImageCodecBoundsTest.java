package dev.vitp.toolkit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.image.ImageTooLargeException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoding bound is checked from the header, and multi-band images follow one rule. */
class ImageCodecBoundsTest {
  @TempDir Path dir;

  @Test
  void aPngBombIsRefusedFromItsHeader() {
    // 20000 x 20000 grey: 400 MB of raster and 1.6 GB of float planes, in a file of ~400 KB.
    // Decoding it would allocate both; the bound refuses it before the first row is read.
    Path bomb = HostileFiles.write(dir.resolve("bomb.png"), HostileFiles.png(20_000, 20_000));
    ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
        () -> ImageCodec.decode(bomb));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertEquals("Expected an image of at most 89478485 pixels (--max-image-pixels). Received: "
        + "file=" + bomb + " with 20000x20000 = 400000000 pixels", e.getMessage());
    assertEquals("20000x20000 = 400000000 pixels, over the bound of 89478485 pixels "
        + "(--max-image-pixels)", e.detail());
    assertThrows(ImageTooLargeException.class, () -> ImageCodec.decodeLabels(bomb));
  }

  @Test
  void aTiffBombIsRefusedFromItsHeader() {
    // Every strip points at one deflated row of zeros: 30000 x 30000 in ~200 KB of offsets.
    Path bomb = HostileFiles.write(dir.resolve("bomb.tif"),
        HostileFiles.tiff(30_000, 30_000, 1, 8, null, true));
    ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
        () -> ImageCodec.decode(bomb));
    assertTrue(e.getMessage().contains("30000x30000 = 900000000 pixels"), e.getMessage());
  }

  @Test
  void anOutOfMemoryErrorIsFoundWhereverACodecWrappedIt() {
    assertTrue(ImageLimits.causedByOutOfMemory(new javax.imageio.IIOException(
        "Caught exception during read: ", new OutOfMemoryError("Java heap space"))));
    assertTrue(!ImageLimits.causedByOutOfMemory(new java.io.IOException("truncated")));
  }

  @Property(tries = 20)
  void anImageDecodesExactlyWhenItsPixelsAreWithinTheBound(
      @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 40) int h,
      @ForAll @IntRange(min = 1, max = 1600) int bound) throws Exception {
    Path file = java.nio.file.Files.createTempFile("vitp-bound", ".png");
    try {
      ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "png", file.toFile());
      if (w * h <= bound) {
        assertEquals(w * h, ImageCodec.decode(file, bound).pixels());
      } else {
        assertThrows(ImageTooLargeException.class, () -> ImageCodec.decode(file, bound));
      }
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void storedBytesCountToo() {
    // 10 x 10 pixels of 7 16-bit samples: 1400 bytes, 8 bytes a pixel of a bound of 175.
    Path file = HostileFiles.write(dir.resolve("seven.tif"),
        HostileFiles.tiff(10, 10, 7, 16, HostileFiles.rows16(10, 10, 7, new int[700]), false));
    assertEquals(100, ImageCodec.decode(file, 175).pixels());
    ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
        () -> ImageCodec.decode(file, 174));
    assertTrue(e.getMessage().contains("1392 bytes of samples"), e.getMessage());
    assertTrue(e.getMessage().contains("10x10 pixels of 14 bytes = 1400 bytes"), e.getMessage());
  }

  @Test
  void sevenBand16BitTiffGivesItsFirstThreeBandsScaledBy65535() {
    int w = 5;
    int h = 4;
    int[] v = new int[w * h * 7];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) (i * 2654435761L % 65536);
    }
    Path file = HostileFiles.write(dir.resolve("multi.tif"),
        HostileFiles.tiff(w, h, 7, 16, HostileFiles.rows16(w, h, 7, v), false));
    DecodedImage d = ImageCodec.decode(file);
    assertEquals(3, d.bands());
    assertEquals(16, d.bitDepth());
    float[] expected = new float[3 * w * h];
    for (int b = 0; b < 3; b++) {
      for (int p = 0; p < w * h; p++) {
        expected[b * w * h + p] = v[p * 7 + b] / 65535f;
      }
    }
    assertArrayEquals(expected, d.data(), 1e-7f);
  }

  @Test
  void greyWithExtraSamplesIsOneBandAndRgbIsThree() {
    int[] grey = new int[2 * 2 * 2];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = 1000 * (i + 1);
    }
    Path two = HostileFiles.write(dir.resolve("grey-alpha.tif"),
        HostileFiles.tiff(2, 2, 2, 16, HostileFiles.rows16(2, 2, 2, grey), false));
    DecodedImage g = ImageCodec.decode(two);
    assertEquals(1, g.bands());
    assertArrayEquals(new float[] {1000 / 65535f, 3000 / 65535f, 5000 / 65535f, 7000 / 65535f},
        g.data(), 1e-7f);
    int[] rgb = new int[2 * 2 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = 5000 * i;
    }
    Path three = HostileFiles.write(dir.resolve("rgb.tif"),
        HostileFiles.tiff(2, 2, 3, 16, HostileFiles.rows16(2, 2, 3, rgb), false));
    DecodedImage c = ImageCodec.decode(three);
    assertEquals(3, c.bands());
    assertEquals(5000 / 65535f, c.data()[4], 1e-7f); // G of the first pixel
  }
}
