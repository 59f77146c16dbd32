package dev.vitp.toolkit.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Files written byte by byte, so that their headers can say what their data do not: decompression
 * bombs and lying headers for the decoders' tests here and the fault-injection suite (this module's
 * test jar).
 */
public final class HostileFiles {
  private HostileFiles() {}

  /** The zlib stream of {@code rows} rows of {@code rowBytes} zero bytes (deflate's best ratio). */
  public static byte[] zlibZeros(long rows, int rowBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] row = new byte[rowBytes];
    try (DeflaterOutputStream z = new DeflaterOutputStream(out,
        new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
      for (long r = 0; r < rows; r++) {
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An 8-bit grey PNG of {@code w × h} zero pixels: a valid file, compressed ~1000:1. */
  public static byte[] png(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", zlibZeros(h, w + 1)); // each row: filter type 0, then w samples
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * A little-endian baseline TIFF, chunky, one row a strip, grey with {@code samples - 1}
   * unspecified extra samples (as GDAL and tifffile write multispectral images) when {@code
   * samples != 3}. {@code rows} gives each row's bytes; with {@code deflate} every strip points at
   * one deflated zero row, so that a tiny file claims any size (a decompression bomb).
   */
  public static byte[] tiff(int w, int h, int samples, int bits, byte[][] rows, boolean deflate) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(new byte[8]); // header, written at the end
    long[] offsets = new long[h];
    long[] counts = new long[h];
    int rowBytes = w * samples * bits / 8;
    if (deflate) {
      byte[] zero = zlibZeros(1, rowBytes);
      long at = data.size();
      data.writeBytes(zero);
      java.util.Arrays.fill(offsets, at);
      java.util.Arrays.fill(counts, zero.length);
    } else {
      for (int y = 0; y < h; y++) {
        offsets[y] = data.size();
        counts[y] = rowBytes;
        data.writeBytes(rows[y]);
      }
    }
    List<long[]> entries = new ArrayList<>(); // tag, type, count, value-or-offset
    int[] perSample = new int[samples];
    java.util.Arrays.fill(perSample, bits);
    entries.add(new long[] {256, 4, 1, w});
    entries.add(new long[] {257, 4, 1, h});
    entries.add(new long[] {258, 3, samples, shorts(data, perSample)});
    entries.add(new long[] {259, 3, 1, deflate ? 8 : 1});
    entries.add(new long[] {262, 3, 1, samples == 3 ? 2 : 1});
    entries.add(new long[] {273, 4, h, longs(data, offsets)});
    entries.add(new long[] {277, 3, 1, samples});
    entries.add(new long[] {278, 4, 1, 1});
    entries.add(new long[] {279, 4, h, longs(data, counts)});
    entries.add(new long[] {284, 3, 1, 1});
    if (samples != 3 && samples > 1) {
      entries.add(new long[] {338, 3, samples - 1, shorts(data, new int[samples - 1])});
    }
    align(data);
    long ifd = data.size();
    ByteBuffer b = ByteBuffer.allocate(2 + 12 * entries.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) entries.size());
    for (long[] e : entries) {
      // A value that fits in 4 bytes is inline; little-endian, a SHORT is the int's low half.
      b.putShort((short) e[0]).putShort((short) e[1]).putInt((int) e[2]).putInt((int) e[3]);
    }
    b.putInt(0);
    data.writeBytes(b.array());
    byte[] out = data.toByteArray();
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
        .putShort((short) 42).putInt((int) ifd);
    return out;
  }

  /** Writes SHORT values: inline (as the entry's value) when they fit in 4 bytes. */
  private static long shorts(ByteArrayOutputStream data, int[] v) {
    if (v.length <= 2) {
      return (v[0] & 0xffff) | (v.length == 2 ? (long) (v[1] & 0xffff) << 16 : 0);
    }
    align(data);
    long at = data.size();
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      b.putShort((short) x);
    }
    data.writeBytes(b.array());
    return at;
  }

  private static long longs(ByteArrayOutputStream data, long[] v) {
    if (v.length == 1) {
      return v[0];
    }
    align(data);
    long at = data.size();
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      b.putInt((int) x);
    }
    data.writeBytes(b.array());
    return at;
  }

  private static void align(ByteArrayOutputStream data) {
    if (data.size() % 2 != 0) {
      data.write(0);
    }
  }

  /** The rows of a {@code w × h} image of {@code samples} 16-bit samples, little-endian. */
  public static byte[][] rows16(int w, int h, int samples, int[] values) {
    byte[][] rows = new byte[h][];
    for (int y = 0; y < h; y++) {
      ByteBuffer b = ByteBuffer.allocate(2 * w * samples).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < w * samples; i++) {
        b.putShort((short) values[y * w * samples + i]);
      }
      rows[y] = b.array();
    }
    return rows;
  }

  /** A valid {@code .nii} image of a small volume with one header float replaced. */
  public static byte[] niftiWithFloat(int at, float value) {
    NiftiVolume v = new NiftiVolume(NiftiHeader.of(NiftiDataType.INT16, 4, 3, 2, 1, 1, 1),
        new float[24]);
    byte[] b = Nifti.encode(v);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, value);
    return b;
  }

  /**
   * A {@code .nii.gz} whose header claims {@code dims} of uint8 and whose data really inflate to
   * that size, in under a thousandth of it: {@code copies} identical gzip members of {@code
   * member} zero bytes each (concatenated members are one gzip stream).
   */
  public static void niftiGzBomb(Path file, int[] dim, int member, int copies) {
    byte[] header = java.util.Arrays.copyOf(Nifti.encode(new NiftiVolume(
        NiftiHeader.of(NiftiDataType.UINT8, 1, 1, 1, 1, 1, 1), new float[1])), 352);
    ByteBuffer hb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 8; i++) {
      hb.putShort(40 + 2 * i, (short) dim[i]);
    }
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(one)) {
      z.write(new byte[member]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      try (OutputStream z = new GZIPOutputStream(new NonClosing(out))) {
        z.write(header);
      }
      byte[] m = one.toByteArray();
      for (int i = 0; i < copies; i++) {
        out.write(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
