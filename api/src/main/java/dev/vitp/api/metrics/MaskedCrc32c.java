package dev.vitp.api.metrics;

import java.util.zip.CRC32C;

/**
 * The checksum of TFRecord framing: CRC-32C (Castagnoli, the JDK's {@link CRC32C}) masked as
 * TensorFlow masks it, {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, so that a CRC stored
 * next to the data it covers is not itself a valid CRC of that data.
 */
public final class MaskedCrc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private MaskedCrc32c() {}

  /** The plain CRC-32C of {@code length} bytes of {@code data} from {@code offset}. */
  public static int crc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  /** The masked CRC-32C of all of {@code data}. */
  public static int masked(byte[] data) {
    return mask(crc(data, 0, data.length));
  }

  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  public static int unmask(int masked) {
    int rotated = masked - MASK_DELTA;
    return (rotated >>> 17) | (rotated << 15);
  }
}
