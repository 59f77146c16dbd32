package dev.vitp.toolkit.image;

import dev.vitp.spi.VitpException;

/** The NIfTI-1 voxel datatypes vitp reads and writes ({@code datatype} code, {@code bitpix}). */
public enum NiftiDataType {
  UINT8(2, 8, 0, 255),
  INT16(4, 16, Short.MIN_VALUE, Short.MAX_VALUE),
  INT32(8, 32, Integer.MIN_VALUE, Integer.MAX_VALUE),
  FLOAT32(16, 32, -Float.MAX_VALUE, Float.MAX_VALUE),
  FLOAT64(64, 64, -Double.MAX_VALUE, Double.MAX_VALUE),
  INT8(256, 8, Byte.MIN_VALUE, Byte.MAX_VALUE),
  UINT16(512, 16, 0, 65535),
  UINT32(768, 32, 0, 4294967295.0);

  private final int code;
  private final int bitpix;
  private final double min;
  private final double max;

  NiftiDataType(int code, int bitpix, double min, double max) {
    this.code = code;
    this.bitpix = bitpix;
    this.min = min;
    this.max = max;
  }

  public int code() {
    return code;
  }

  public int bitpix() {
    return bitpix;
  }

  public int bytes() {
    return bitpix / 8;
  }

  public boolean isFloat() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The smallest storable value. */
  public double min() {
    return min;
  }

  /** The largest storable value. */
  public double max() {
    return max;
  }

  public static NiftiDataType of(int code) {
    for (NiftiDataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw VitpException.unsupported("Expected a NIfTI datatype of uint8 (2), int16 (4), int32 (8), "
        + "float32 (16), float64 (64), int8 (256), uint16 (512) or uint32 (768). Received: "
        + "datatype=" + code);
  }
}
