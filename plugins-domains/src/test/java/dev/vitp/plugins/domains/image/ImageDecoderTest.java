package dev.vitp.plugins.domains.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiDataType;
import dev.vitp.toolkit.image.NiftiHeader;
import dev.vitp.toolkit.image.NiftiVolume;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
  @TempDir Path dir;

  private static byte[] ramp(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = (byte) (i * 7);
      rgb[3 * i + 1] = (byte) (i * 13 + 5);
      rgb[3 * i + 2] = (byte) (255 - i);
    }
    return rgb;
  }

  private static void assertRgb(byte[] rgb, DecodedImage d, float tol) {
    int n = d.pixels();
    assertEquals(3, d.bands());
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals((rgb[3 * i + c] & 0xff) / 255f, d.data()[c * n + i], tol, "pixel " + i + " c" + c);
      }
    }
  }

  @Test
  void losslessRgbFormatsDecodeExactly() {
    byte[] rgb = ramp(13, 7);
    for (String ext : new String[] {"png", "bmp", "tif"}) {
      Path f = dir.resolve("rgb." + ext);
      ImageFiles.write(ImageFiles.rgb(rgb, 13, 7), f);
      DecodedImage d = ImageDecoder.decode(f);
      assertEquals(13, d.width());
      assertEquals(7, d.height());
      assertEquals(8, d.bitDepth());
      assertRgb(rgb, d, 1e-6f);
    }
  }

  @Test
  void jpegDecodesApproximately() {
    int w = 32;
    int h = 32;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        rgb[3 * i] = (byte) (x * 8);
        rgb[3 * i + 1] = (byte) (y * 8);
        rgb[3 * i + 2] = (byte) 128;
      }
    }
    Path f = dir.resolve("smooth.jpg");
    ImageFiles.write(ImageFiles.rgb(rgb, w, h), f);
    assertRgb(rgb, ImageDecoder.decode(f), 0.08f);
  }

  @Test
  void sixteenBitSingleBandPngAndTiffKeepTheirPrecision() {
    short[] v = new short[20 * 10];
    for (int i = 0; i < v.length; i++) {
      v[i] = (short) (i * 331);
    }
    for (String ext : new String[] {"png", "tif"}) {
      Path f = dir.resolve("sar16." + ext);
      ImageFiles.write(ImageFiles.gray16(v, 20, 10), f);
      DecodedImage d = ImageDecoder.decode(f);
      assertEquals(1, d.bands());
      assertEquals(16, d.bitDepth());
      for (int i = 0; i < v.length; i++) {
        assertEquals((v[i] & 0xffff) / 65535f, d.data()[i], 1e-7f, ext + " pixel " + i);
      }
    }
  }

  @Test
  void eightBitGrayIsSingleBand() {
    byte[] g = new byte[9 * 4];
    for (int i = 0; i < g.length; i++) {
      g[i] = (byte) (i * 7);
    }
    Path f = dir.resolve("gray.png");
    ImageFiles.write(ImageFiles.gray8(g, 9, 4), f);
    DecodedImage d = ImageDecoder.decode(f);
    assertEquals(1, d.bands());
    for (int i = 0; i < g.length; i++) {
      assertEquals((g[i] & 0xff) / 255f, d.data()[i], 1e-7f);
    }
  }

  @Test
  void floatTiffIsKeptRaw() {
    int w = 6;
    int h = 5;
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int i = 0; i < w * h; i++) {
      r.setSample(i % w, i / w, 0, i * 0.5f - 3f);
    }
    Path f = dir.resolve("float.tif");
    ImageFiles.write(new BufferedImage(cm, r, false, null), f);
    DecodedImage d = ImageDecoder.decode(f);
    assertTrue(d.rawFloat());
    assertEquals(1, d.bands());
    for (int i = 0; i < w * h; i++) {
      assertEquals(i * 0.5f - 3f, d.data()[i], 1e-6f);
    }
  }

  @Test
  void palettePngBecomesRgb() {
    byte[] red = {(byte) 255, 0, 10};
    byte[] green = {0, (byte) 200, 20};
    byte[] blue = {0, 0, 30};
    IndexColorModel cm = new IndexColorModel(2, 3, red, green, blue);
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, cm);
    img.getRaster().setSample(1, 2, 0, 1);
    Path f = dir.resolve("palette.png");
    ImageFiles.write(img, f);
    DecodedImage d = ImageDecoder.decode(f);
    assertEquals(3, d.bands());
    int n = 16;
    int i = 2 * 4 + 1;
    assertArrayEquals(new float[] {0f, 200 / 255f, 0f},
        new float[] {d.data()[i], d.data()[n + i], d.data()[2 * n + i]}, 1e-6f);
    assertEquals(1f, d.data()[0], 1e-6f);
  }

  @Test
  void niftiSlicesAreAddressedWithAHashSuffix() {
    NiftiHeader h = NiftiHeader.of(NiftiDataType.INT16, 4, 3, 5, 1, 1, 2);
    float[] raw = new float[4 * 3 * 5];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = i - 30;
    }
    Path f = dir.resolve("ct.nii.gz");
    Nifti.write(f, new NiftiVolume(h, raw));
    DecodedImage d = ImageDecoder.decode(new ImageRef(f, 2));
    assertEquals(4, d.width());
    assertEquals(3, d.height());
    for (int i = 0; i < 12; i++) {
      assertEquals(24 + i - 30, d.data()[i], 0f);
    }
    assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new ImageRef(f, 5)));
  }

  @Test
  void imagesAndVolumesOverTheBoundAreTooLargeNotCorrupt() {
    Path png = Fixtures.png(dir.resolve("p.png"), 20, 12, 3);
    assertEquals(240, ImageDecoder.decode(ImageRef.of(png), 240).pixels());
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(ImageRef.of(png), 239));
    assertTrue(e.tooLarge());
    assertEquals("p.png: 20x12 = 240 pixels, over the bound of 239 pixels (--max-image-pixels)",
        e.getMessage());
    Path ct = dir.resolve("ct.nii.gz");
    Nifti.write(ct, new NiftiVolume(NiftiHeader.of(NiftiDataType.INT16, 4, 3, 5, 1, 1, 2),
        new float[60]));
    assertEquals(12, ImageDecoder.decode(new ImageRef(ct, 1), 60).pixels());
    assertTrue(assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decode(new ImageRef(ct, 1), 59)).tooLarge());
    Path junk = Fixtures.garbage(dir.resolve("j.png"), 2);
    assertTrue(!assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(junk))
        .tooLarge());
  }

  @Test
  void corruptFilesFailWithADecodeException() {
    Path trunc = Fixtures.truncatedPng(dir.resolve("t.png"), 1);
    Path junk = Fixtures.garbage(dir.resolve("j.png"), 2);
    Path jpgTrunc = dir.resolve("t.jpg");
    try {
      byte[] rgb = ramp(16, 16);
      Path full = dir.resolve("full.jpg");
      ImageFiles.write(ImageFiles.rgb(rgb, 16, 16), full);
      byte[] b = java.nio.file.Files.readAllBytes(full);
      java.nio.file.Files.write(jpgTrunc, java.util.Arrays.copyOf(b, b.length / 2));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (Path p : new Path[] {trunc, junk, jpgTrunc, dir.resolve("absent.png")}) {
      assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(p), p.toString());
    }
  }
}
