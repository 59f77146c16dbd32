package dev.vitp.plugins.domains.image;

import dev.vitp.spi.VitpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * Minimal encoders for what the generators write by the thousand: PNG (8-bit RGB, 8/16-bit gray;
 * Sub filter, fast deflate) and baseline uncompressed TIFF (8/16-bit gray). ImageIO's writers
 * spend milliseconds on set-up per small image; these spend microseconds. The files are ordinary
 * PNG/TIFF files that any reader (ImageIO, PIL, GDAL) opens.
 */
public final class FastEncoders {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private FastEncoders() {}

  /**
   * PNG bytes of {@code samples} ({@code channels} interleaved samples per pixel, each
   * {@code bits} = 8 or 16 bits; 16-bit values as unsigned shorts, big-endian in the file).
   */
  public static byte[] png(byte @Nullable [] samples8, short @Nullable [] samples16, int w, int h, int channels, int bits) {
    int colorType = channels == 1 ? 0 : channels == 3 ? 2 : -1;
    if (colorType < 0 || (bits != 8 && bits != 16)) {
      throw VitpException.internal("PNG of " + channels + " channels, " + bits + " bits");
    }
    int bpp = channels * bits / 8;
    int stride = w * bpp;
    byte[] raw = new byte[h * (stride + 1)];
    byte[] row = new byte[stride];
    for (int y = 0; y < h; y++) {
      if (bits == 8) {
        System.arraycopy(samples8, y * stride, row, 0, stride);
      } else {
        for (int i = 0, base = y * w * channels; i < w * channels; i++) {
          short v = samples16[base + i];
          row[2 * i] = (byte) (v >> 8);
          row[2 * i + 1] = (byte) v;
        }
      }
      int at = y * (stride + 1);
      raw[at] = 1; // Sub filter
      for (int i = 0; i < stride; i++) {
        raw[at + 1 + i] = (byte) (row[i] - (i >= bpp ? row[i - bpp] : 0));
      }
    }
    Deflater d = new Deflater(1);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      int n = d.deflate(buf);
      z.write(buf, 0, n);
    }
    d.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
    out.writeBytes(PNG_SIGNATURE);
    ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
    ihdr.putInt(w).putInt(h).put((byte) bits).put((byte) colorType).put((byte) 0).put((byte) 0)
        .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(data.length);
    out.writeBytes(len.array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt((int) crc.getValue())
        .array());
  }

  /** Baseline little-endian TIFF, one strip, no compression, single band of 8 or 16 bits. */
  public static byte[] tiffGray(byte @Nullable [] samples8, short @Nullable [] samples16, int w, int h, int bits) {
    int dataLen = w * h * bits / 8;
    int entries = 10;
    int ifdOffset = 8 + dataLen + (dataLen & 1);
    ByteBuffer b = ByteBuffer.allocate(ifdOffset + 2 + entries * 12 + 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
    if (bits == 8) {
      b.put(samples8, 0, w * h);
    } else {
      for (int i = 0; i < w * h; i++) {
        b.putShort(samples16[i]);
      }
    }
    b.position(ifdOffset);
    b.putShort((short) entries);
    tag(b, 256, 4, w); // ImageWidth
    tag(b, 257, 4, h); // ImageLength
    tag(b, 258, 3, bits); // BitsPerSample
    tag(b, 259, 3, 1); // Compression: none
    tag(b, 262, 3, 1); // Photometric: BlackIsZero
    tag(b, 273, 4, 8); // StripOffsets
    tag(b, 277, 3, 1); // SamplesPerPixel
    tag(b, 278, 4, h); // RowsPerStrip
    tag(b, 279, 4, dataLen); // StripByteCounts
    tag(b, 339, 3, 1); // SampleFormat: unsigned integer
    b.putInt(0);
    return b.array();
  }

  private static void tag(ByteBuffer b, int tag, int type, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(1);
    if (type == 3) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt(value);
    }
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable image path. Received: file=" + file, e);
    }
  }
}
