package dev.vitp.toolkit.image;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes single-file NIfTI-1 ({@code .nii}, {@code .nii.gz}): either byte order on read
 * (detected from {@code sizeof_hdr}), the header's byte order on write, data at {@code vox_offset}
 * (352 on write, no extensions).
 *
 * <p>Reading streams: the header is read and every field it relies on is checked ({@code
 * sizeof_hdr}, magic, {@code dim}, {@code datatype}, {@code vox_offset} finite, whole, from 352 and
 * inside the file), the voxel count is bounded by {@link ImageLimits} before anything is
 * allocated, and the data are decoded from the (inflating) stream in 64 KiB chunks — a small
 * {@code .nii.gz} that would inflate to gigabytes is refused from its 348-byte header.
 */
public final class Nifti {
  public static final int HEADER_SIZE = 348;
  /** The header plus the 4-byte extension flag: where the data of a single file may start. */
  private static final int DATA_OFFSET = 352;
  /** Past this, a {@code .nii.gz} offset (whose file size is unknown until inflated) is refused. */
  private static final long MAX_GZ_OFFSET = 1L << 30;
  private static final int CHUNK = 1 << 16;

  private Nifti() {}

  /** Reads a whole volume within the default bound ({@link ImageLimits#DEFAULT_MAX_PIXELS}). */
  public static NiftiVolume read(Path file) {
    return read(file, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /** Reads a whole volume of at most {@code maxVoxels} voxels. */
  public static NiftiVolume read(Path file, long maxVoxels) {
    try (InputStream in = open(file)) {
      return volume(in, fileLength(file), file, maxVoxels);
    } catch (IOException e) {
      throw unreadable(file, e);
    } catch (OutOfMemoryError e) {
      throw ImageLimits.outOfMemory(file);
    }
  }

  /**
   * Axial slice {@code z} of the first volume ({@code z < 0}: the middle one) as scaled values,
   * reading no more of the file than it needs: the volume is bounded by {@code maxVoxels} as
   * {@link #read(Path, long)} bounds it, so that a file reads the same way in every command.
   */
  public static DecodedImage readSlice(Path file, int z, long maxVoxels) {
    try (InputStream in = open(file)) {
      NiftiHeader h = header(in, fileLength(file), file, maxVoxels);
      int slice = z < 0 ? h.nz() / 2 : z;
      if (slice >= h.nz()) {
        throw VitpException.userError("Expected a slice in [0, " + h.nz() + "). Received: file="
            + file + " with z=" + slice);
      }
      long sliceBytes = (long) h.nx() * h.ny() * h.datatype().bytes();
      skip(in, (long) h.voxOffset() - HEADER_SIZE + slice * sliceBytes, file);
      float[] values = new float[h.nx() * h.ny()];
      decode(in, h, values, file);
      for (int i = 0; i < values.length; i++) {
        values[i] = NiftiVolume.scaled(h, values[i]);
      }
      return new DecodedImage(h.nx(), h.ny(), 1, h.bitpix(), true, values);
    } catch (IOException e) {
      throw unreadable(file, e);
    } catch (OutOfMemoryError e) {
      throw ImageLimits.outOfMemory(file);
    }
  }

  private static NiftiVolume volume(InputStream in, long length, Path file, long maxVoxels)
      throws IOException {
    NiftiHeader h = header(in, length, file, maxVoxels);
    float[] raw = new float[(int) h.voxels()];
    skip(in, (long) h.voxOffset() - HEADER_SIZE, file);
    decode(in, h, raw, file);
    return new NiftiVolume(h, raw);
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return isGzip(file) ? new GZIPInputStream(in, CHUNK) : new BufferedInputStream(in, CHUNK);
    } catch (IOException e) {
      in.close(); // not a gzip stream
      throw e;
    }
  }

  private static boolean isGzip(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
  }

  /** The stored size of an uncompressed file; -1 for gzip (known only once inflated). */
  private static long fileLength(Path file) throws IOException {
    return isGzip(file) ? -1 : Files.size(file);
  }

  /** Parses a whole {@code .nii} byte image (within the default bound). */
  public static NiftiVolume parse(byte[] bytes, String name) {
    Path file = Path.of(name);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return volume(in, bytes.length, file, ImageLimits.DEFAULT_MAX_PIXELS);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Reads and checks the 348-byte header. {@code length} is the stored size ({@code -1} when
   * unknown), against which {@code vox_offset} and the data are checked before any allocation.
   */
  private static NiftiHeader header(InputStream in, long length, Path file, long maxVoxels)
      throws IOException {
    String name = file.toString();
    byte[] bytes = in.readNBytes(HEADER_SIZE);
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
    if (dim[0] < 1 || dim[0] > 7) {
      throw bad(name, "dim[0] in 1..7", "dim=" + Arrays.toString(dim));
    }
    for (int i = 1; i <= dim[0]; i++) {
      if (dim[i] < 1) {
        throw bad(name, "positive dimensions dim[1..dim[0]]", "dim=" + Arrays.toString(dim));
      }
    }
    long voxels = ImageLimits.checkVolume(file, dim, maxVoxels);
    NiftiDataType type;
    try {
      type = NiftiDataType.of(b.getShort(70));
    } catch (VitpException e) {
      throw new VitpException(e.code(), e.getMessage() + " in " + name);
    }
    float voxOffset = b.getFloat(108);
    long maxOffset = length >= 0 ? length : MAX_GZ_OFFSET;
    // NaN passes every comparison and (long) 1e20 overflows: check before using it as a position.
    if (!Float.isFinite(voxOffset) || voxOffset < DATA_OFFSET || voxOffset > maxOffset
        || voxOffset != Math.rint(voxOffset)) {
      throw bad(name, "vox_offset a whole number from " + DATA_OFFSET + " to "
          + (length >= 0 ? "the file size " + length : MAX_GZ_OFFSET), "vox_offset=" + voxOffset);
    }
    long need = (long) voxOffset + voxels * type.bytes();
    if (length >= 0 && need > length) {
      throw bad(name, need + " bytes for dims " + Arrays.toString(dim) + " of " + type
          + " from vox_offset " + (long) voxOffset, length + " bytes");
    }
    float[] pixdim = floats(b, 76, 8);
    return new NiftiHeader(dim, pixdim, type, voxOffset, b.getFloat(112), b.getFloat(116),
        bytes[123] & 0xff, b.getShort(68), text(bytes, 328, 16), b.getFloat(128),
        b.getFloat(124), b.getShort(252), b.getShort(254), floats(b, 256, 3), floats(b, 268, 3),
        floats(b, 280, 4), floats(b, 296, 4), floats(b, 312, 4), text(bytes, 148, 80),
        b.order());
  }

  private static void skip(InputStream in, long n, Path file) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw bad(file.toString(), "data at vox_offset", "a file that ends before it");
    }
  }

  /** Decodes {@code out.length} voxels of the header's type from the stream, chunk by chunk. */
  private static void decode(InputStream in, NiftiHeader h, float[] out, Path file)
      throws IOException {
    NiftiDataType type = h.datatype();
    int per = type.bytes();
    byte[] chunk = new byte[CHUNK];
    ByteBuffer b = ByteBuffer.wrap(chunk).order(h.byteOrder());
    int perChunk = CHUNK / per;
    for (int at = 0; at < out.length; ) {
      int n = Math.min(perChunk, out.length - at);
      int got = in.readNBytes(chunk, 0, n * per);
      if (got < n * per) {
        throw bad(file.toString(), ((long) out.length * per) + " bytes of voxel data",
            "a file that ends after " + ((long) at * per + got));
      }
      b.clear();
      switch (type) {
        case UINT8 -> { for (int i = 0; i < n; i++) out[at++] = b.get() & 0xff; }
        case INT8 -> { for (int i = 0; i < n; i++) out[at++] = b.get(); }
        case INT16 -> { for (int i = 0; i < n; i++) out[at++] = b.getShort(); }
        case UINT16 -> { for (int i = 0; i < n; i++) out[at++] = b.getShort() & 0xffff; }
        case INT32 -> { for (int i = 0; i < n; i++) out[at++] = b.getInt(); }
        case UINT32 -> { for (int i = 0; i < n; i++) out[at++] = b.getInt() & 0xffffffffL; }
        case FLOAT32 -> { for (int i = 0; i < n; i++) out[at++] = b.getFloat(); }
        case FLOAT64 -> { for (int i = 0; i < n; i++) out[at++] = (float) b.getDouble(); }
        default -> throw VitpException.internal("unhandled datatype " + type);
      }
    }
  }

  private static VitpException unreadable(Path file, IOException e) {
    return VitpException.userError("Expected a readable NIfTI-1 file. Received: file=" + file
        + " (" + e.getMessage() + ")", e);
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
