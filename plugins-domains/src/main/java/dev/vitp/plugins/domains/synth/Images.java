package dev.vitp.plugins.domains.synth;

import dev.vitp.plugins.domains.image.FastEncoders;
import dev.vitp.plugins.domains.image.ImageFiles;
import java.nio.file.Path;

/** Writes generated rasters (float planes in [0, 1]) as image files. */
public final class Images {
  private Images() {}

  public static byte q8(float v) {
    int q = Math.round(v * 255f);
    return (byte) Math.max(0, Math.min(255, q));
  }

  public static short q16(float v) {
    int q = Math.round(v * 65535f);
    return (short) Math.max(0, Math.min(65535, q));
  }

  /** 8-bit RGB, interleaved; PNG (fast encoder) or any ImageIO format by extension. */
  public static void writeRgb(Path file, byte[] rgb, int w, int h) {
    if (isPng(file)) {
      FastEncoders.write(file, FastEncoders.png(rgb, null, w, h, 3, 8));
    } else {
      ImageFiles.write(ImageFiles.rgb(rgb, w, h), file);
    }
  }

  /** 8-bit single band; PNG and TIFF by the fast encoders. */
  public static void writeGray8(Path file, byte[] v, int w, int h) {
    if (isPng(file)) {
      FastEncoders.write(file, FastEncoders.png(v, null, w, h, 1, 8));
    } else if (isTiff(file)) {
      FastEncoders.write(file, FastEncoders.tiffGray(v, null, w, h, 8));
    } else {
      ImageFiles.write(ImageFiles.gray8(v, w, h), file);
    }
  }

  /** 16-bit single band (unsigned); PNG and TIFF by the fast encoders. */
  public static void writeGray16(Path file, short[] v, int w, int h) {
    if (isPng(file)) {
      FastEncoders.write(file, FastEncoders.png(null, v, w, h, 1, 16));
    } else if (isTiff(file)) {
      FastEncoders.write(file, FastEncoders.tiffGray(null, v, w, h, 16));
    } else {
      ImageFiles.write(ImageFiles.gray16(v, w, h), file);
    }
  }

  private static boolean isPng(Path f) {
    return f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png");
  }

  private static boolean isTiff(Path f) {
    String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".tif") || n.endsWith(".tiff");
  }

  /** {@code 000/000123}: a shard folder per thousand keeps folders small. */
  public static String sharded(int index) {
    return String.format("%03d/%06d", index / 1000, index);
  }
}
