package dev.vitp.toolkit.image;

import dev.vitp.spi.VitpException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The NIfTI-1 header fields vitp reads, keeps and writes (348 bytes, magic {@code n+1}). Arrays
 * are copied in and out.
 *
 * @param dim {@code dim[0]} = number of dimensions, {@code dim[1..]} = sizes (8 entries)
 * @param pixdim voxel sizes, {@code pixdim[0]} = qfac (8 entries)
 * @param sclSlope value = raw · slope + inter when slope is non-zero and finite
 * @param quatern quatern_b, quatern_c, quatern_d
 * @param qoffset qoffset_x, qoffset_y, qoffset_z
 * @param byteOrder the file's byte order (read: detected from sizeof_hdr; write: chosen)
 */
public record NiftiHeader(int[] dim, float[] pixdim, NiftiDataType datatype, float voxOffset,
    float sclSlope, float sclInter, int xyztUnits, int intentCode, String intentName,
    float calMin, float calMax, int qformCode, int sformCode, float[] quatern, float[] qoffset,
    float[] srowX, float[] srowY, float[] srowZ, String descrip, ByteOrder byteOrder) {
  public NiftiHeader {
    dim = fixed(dim, 8, "dim");
    pixdim = fixed(pixdim, 8, "pixdim");
    quatern = fixed(quatern, 3, "quatern");
    qoffset = fixed(qoffset, 3, "qoffset");
    srowX = fixed(srowX, 4, "srow_x");
    srowY = fixed(srowY, 4, "srow_y");
    srowZ = fixed(srowZ, 4, "srow_z");
    if (dim[0] < 1 || dim[0] > 7) {
      throw VitpException.userError("Expected dim[0] in 1..7 (NIfTI-1). Received: dim="
          + Arrays.toString(dim));
    }
    for (int i = 1; i <= dim[0]; i++) {
      if (dim[i] < 1) {
        throw VitpException.userError("Expected positive NIfTI dimensions. Received: dim="
            + Arrays.toString(dim));
      }
    }
    if (descrip.length() > 79 || intentName.length() > 15) {
      throw VitpException.userError("Expected descrip under 80 and intent_name under 16 "
          + "characters. Received: descrip=" + descrip + " intent_name=" + intentName);
    }
  }

  /**
   * A 3D volume header with voxel sizes in mm, identity orientation (qform and sform code 1),
   * slope 1 and intercept 0.
   */
  public static NiftiHeader of(NiftiDataType type, int nx, int ny, int nz, float dx, float dy,
      float dz) {
    return new NiftiHeader(new int[] {3, nx, ny, nz, 1, 1, 1, 1},
        new float[] {1, dx, dy, dz, 0, 0, 0, 0}, type, 352, 1, 0, 2 | 8, 0, "", 0, 0, 1, 1,
        new float[3], new float[3], new float[] {dx, 0, 0, 0}, new float[] {0, dy, 0, 0},
        new float[] {0, 0, dz, 0}, "vitp", ByteOrder.LITTLE_ENDIAN);
  }

  private static int[] fixed(int[] a, int n, String name) {
    if (a.length != n) {
      throw VitpException.userError("Expected " + n + " " + name + " entries. Received: "
          + Arrays.toString(a));
    }
    return a.clone();
  }

  private static float[] fixed(float[] a, int n, String name) {
    if (a.length != n) {
      throw VitpException.userError("Expected " + n + " " + name + " entries. Received: "
          + Arrays.toString(a));
    }
    return a.clone();
  }

  public int nx() {
    return dim[1];
  }

  public int ny() {
    return dim[0] >= 2 ? dim[2] : 1;
  }

  public int nz() {
    return dim[0] >= 3 ? dim[3] : 1;
  }

  public int bitpix() {
    return datatype.bitpix();
  }

  /** Voxels in the whole data block (all dimensions). */
  public long voxels() {
    long n = 1;
    for (int i = 1; i <= dim[0]; i++) {
      n *= dim[i];
    }
    return n;
  }

  public NiftiHeader withDatatype(NiftiDataType t) {
    return new NiftiHeader(dim, pixdim, t, voxOffset, sclSlope, sclInter, xyztUnits, intentCode,
        intentName, calMin, calMax, qformCode, sformCode, quatern, qoffset, srowX, srowY, srowZ,
        descrip, byteOrder);
  }

  public NiftiHeader withScaling(float slope, float inter) {
    return new NiftiHeader(dim, pixdim, datatype, voxOffset, slope, inter, xyztUnits, intentCode,
        intentName, calMin, calMax, qformCode, sformCode, quatern, qoffset, srowX, srowY, srowZ,
        descrip, byteOrder);
  }

  public NiftiHeader withByteOrder(ByteOrder order) {
    return new NiftiHeader(dim, pixdim, datatype, voxOffset, sclSlope, sclInter, xyztUnits,
        intentCode, intentName, calMin, calMax, qformCode, sformCode, quatern, qoffset, srowX,
        srowY, srowZ, descrip, order);
  }

  public NiftiHeader withDescrip(String d) {
    return new NiftiHeader(dim, pixdim, datatype, voxOffset, sclSlope, sclInter, xyztUnits,
        intentCode, intentName, calMin, calMax, qformCode, sformCode, quatern, qoffset, srowX,
        srowY, srowZ, d, byteOrder);
  }

  public NiftiHeader withCal(float min, float max) {
    return new NiftiHeader(dim, pixdim, datatype, voxOffset, sclSlope, sclInter, xyztUnits,
        intentCode, intentName, min, max, qformCode, sformCode, quatern, qoffset, srowX, srowY,
        srowZ, descrip, byteOrder);
  }

  @Override
  public int[] dim() {
    return dim.clone();
  }

  @Override
  public float[] pixdim() {
    return pixdim.clone();
  }

  @Override
  public float[] quatern() {
    return quatern.clone();
  }

  @Override
  public float[] qoffset() {
    return qoffset.clone();
  }

  @Override
  public float[] srowX() {
    return srowX.clone();
  }

  @Override
  public float[] srowY() {
    return srowY.clone();
  }

  @Override
  public float[] srowZ() {
    return srowZ.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof NiftiHeader h && Arrays.equals(dim, h.dim)
        && Arrays.equals(pixdim, h.pixdim) && datatype == h.datatype
        && Float.compare(voxOffset, h.voxOffset) == 0 && Float.compare(sclSlope, h.sclSlope) == 0
        && Float.compare(sclInter, h.sclInter) == 0 && xyztUnits == h.xyztUnits
        && intentCode == h.intentCode && intentName.equals(h.intentName)
        && Float.compare(calMin, h.calMin) == 0 && Float.compare(calMax, h.calMax) == 0
        && qformCode == h.qformCode && sformCode == h.sformCode
        && Arrays.equals(quatern, h.quatern) && Arrays.equals(qoffset, h.qoffset)
        && Arrays.equals(srowX, h.srowX) && Arrays.equals(srowY, h.srowY)
        && Arrays.equals(srowZ, h.srowZ) && descrip.equals(h.descrip)
        && byteOrder.equals(h.byteOrder);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(dim), Arrays.hashCode(pixdim), datatype, sclSlope,
        sclInter, descrip, byteOrder);
  }

  @Override
  public String toString() {
    return "NiftiHeader[dim=" + Arrays.toString(dim) + " pixdim=" + Arrays.toString(pixdim)
        + " datatype=" + datatype + " scl=" + sclSlope + "/" + sclInter + " order=" + byteOrder
        + " descrip=" + descrip + "]";
  }
}
