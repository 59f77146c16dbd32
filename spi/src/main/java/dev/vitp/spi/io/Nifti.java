package dev.vitp.spi.io;

import dev.vitp.spi.VitpException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes single-file NIfTI-1 ({@code .nii}, {@code .nii.gz}): either byte order on read
 * (detected from {@code sizeof_hdr}), the header's byte order on write, data at {@code vox_offset}
 * (352 on write, no extensions).
 */
public final class Nifti {
  public static final int HEADER_SIZE = 348;
  private static final int DATA_OFFSET = 352;

  private Nifti() {}

  public static NiftiVolume read(Path file) {
    byte[] bytes;
    try (InputStream in = open(file)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable NIfTI-1 file. Received: file=" + file
          + " (" + e.getMessage() + ")", e);
    }
    return parse(bytes, file.toString());
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  /** Parses a whole {@code .nii} byte image. */
  public static NiftiVolume parse(byte[] bytes, String name) {
    if (bytes.length < HEADER_SIZE) {
      throw bad(name, "a 348-byte header", bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != HEADER_SIZE) {
      b.order(ByteOrder.BIG_ENDIAN);
      if (b.getInt(0) != HEADER_SIZE) {
        throw bad(name, "sizeof_hdr=348 (NIfTI-1)", "sizeof_hdr=" + b.order(ByteOrder.LITTLE_ENDIAN).getInt(0));
      }
    }
    String magic = new String(bytes, 344, 3, StandardCharsets.ISO_8859_1);
    if (!magic.equals("n+1")) {
      throw bad(name, "magic 'n+1' (single-file NIfTI-1)", "magic='" + magic.trim() + "'");
    }
    int[] dim = new int[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = b.getShort(40 + 2 * i);
    }
    NiftiDataType type = NiftiDataType.of(b.getShort(70));
    float[] pixdim = floats(b, 76, 8);
    float voxOffset = b.getFloat(108);
    NiftiHeader h = new NiftiHeader(dim, pixdim, type, voxOffset, b.getFloat(112), b.getFloat(116),
        bytes[123] & 0xff, b.getShort(68), text(bytes, 328, 16), b.getFloat(128),
        b.getFloat(124), b.getShort(252), b.getShort(254), floats(b, 256, 3), floats(b, 268, 3),
        floats(b, 280, 4), floats(b, 296, 4), floats(b, 312, 4), text(bytes, 148, 80),
        b.order());
    long voxels = h.voxels();
    long start = (long) voxOffset;
    long need = start + voxels * type.bytes();
    if (voxOffset < HEADER_SIZE || need > bytes.length || voxels > Integer.MAX_VALUE) {
      throw bad(name, need + " bytes for dims " + java.util.Arrays.toString(dim) + " of "
          + type + " from vox_offset " + start, bytes.length + " bytes");
    }
    float[] raw = new float[(int) voxels];
    b.position((int) start);
    decode(b, type, raw);
    return new NiftiVolume(h, raw);
  }

  private static void decode(ByteBuffer b, NiftiDataType type, float[] raw) {
    int n = raw.length;
    switch (type) {
      case UINT8 -> { for (int i = 0; i < n; i++) raw[i] = b.get() & 0xff; }
      case INT8 -> { for (int i = 0; i < n; i++) raw[i] = b.get(); }
      case INT16 -> { for (int i = 0; i < n; i++) raw[i] = b.getShort(); }
      case UINT16 -> { for (int i = 0; i < n; i++) raw[i] = b.getShort() & 0xffff; }
      case INT32 -> { for (int i = 0; i < n; i++) raw[i] = b.getInt(); }
      case UINT32 -> { for (int i = 0; i < n; i++) raw[i] = b.getInt() & 0xffffffffL; }
      case FLOAT32 -> { for (int i = 0; i < n; i++) raw[i] = b.getFloat(); }
      case FLOAT64 -> { for (int i = 0; i < n; i++) raw[i] = (float) b.getDouble(); }
      default -> throw VitpException.internal("unhandled datatype " + type);
    }
  }

  /** Writes {@code volume} as {@code .nii} or, when the name ends with {@code .gz}, gzipped. */
  public static void write(Path file, NiftiVolume volume) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream raw = Files.newOutputStream(file);
           OutputStream out = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
               .endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw)) {
        out.write(encode(volume));
      }
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable NIfTI path. Received: file=" + file, e);
    }
  }

  /** The {@code .nii} bytes of a volume (header, 4 zero extension bytes, data). */
  public static byte[] encode(NiftiVolume volume) {
    NiftiHeader h = volume.header();
    NiftiDataType type = h.datatype();
    float[] v = volume.raw();
    ByteBuffer b = ByteBuffer.allocate(DATA_OFFSET + v.length * type.bytes()).order(h.byteOrder());
    b.putInt(0, HEADER_SIZE);
    b.put(38, (byte) 'r'); // regular, as ANALYZE readers expect
    int[] dim = h.dim();
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, (short) dim[i]);
    }
    b.putShort(68, (short) h.intentCode());
    b.putShort(70, (short) type.code());
    b.putShort(72, (short) type.bitpix());
    putFloats(b, 76, h.pixdim());
    b.putFloat(108, DATA_OFFSET);
    b.putFloat(112, h.sclSlope());
    b.putFloat(116, h.sclInter());
    b.put(123, (byte) h.xyztUnits());
    b.putFloat(124, h.calMax());
    b.putFloat(128, h.calMin());
    putText(b, 148, 80, h.descrip());
    b.putShort(252, (short) h.qformCode());
    b.putShort(254, (short) h.sformCode());
    putFloats(b, 256, h.quatern());
    putFloats(b, 268, h.qoffset());
    putFloats(b, 280, h.srowX());
    putFloats(b, 296, h.srowY());
    putFloats(b, 312, h.srowZ());
    putText(b, 328, 16, h.intentName());
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
    b.position(DATA_OFFSET);
    for (float f : v) {
      switch (type) {
        case UINT8, INT8 -> b.put((byte) clampRound(f, type));
        case INT16, UINT16 -> b.putShort((short) clampRound(f, type));
        case INT32, UINT32 -> b.putInt((int) clampRound(f, type));
        case FLOAT32 -> b.putFloat(f);
        case FLOAT64 -> b.putDouble(f);
        default -> throw VitpException.internal("unhandled datatype " + type);
      }
    }
    return b.array();
  }

  private static long clampRound(float f, NiftiDataType t) {
    double r = Math.rint(f);
    return (long) Math.max(t.min(), Math.min(t.max(), r));
  }

  private static float[] floats(ByteBuffer b, int at, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = b.getFloat(at + 4 * i);
    }
    return f;
  }

  private static void putFloats(ByteBuffer b, int at, float[] f) {
    for (int i = 0; i < f.length; i++) {
      b.putFloat(at + 4 * i, f[i]);
    }
  }

  private static String text(byte[] bytes, int at, int len) {
    int end = at;
    while (end < at + len && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, at, end - at, StandardCharsets.ISO_8859_1);
  }

  private static void putText(ByteBuffer b, int at, int len, String s) {
    byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < Math.min(t.length, len - 1); i++) {
      b.put(at + i, t[i]);
    }
  }

  private static VitpException bad(String name, String expected, String received) {
    return VitpException.userError("Expected a NIfTI-1 file with " + expected + ". Received: "
        + name + " with " + received);
  }
}
