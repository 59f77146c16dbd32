package dev.vitp.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CRC-32C against published check values (the CRC catalogue's "123456789", RFC 3720's iSCSI
 * vectors) and the masked values TFRecord stores, computed independently (a bitwise CRC-32C in
 * Python, then TensorFlow's mask formula).
 */
class MaskedCrc32cTest {
  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void plainCrcMatchesPublishedCheckValues() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xE3069283, MaskedCrc32c.crc(check, 0, check.length));
    assertEquals(0x8A9136AA, MaskedCrc32c.crc(filled(32, 0), 0, 32));
    assertEquals(0x62A8AB43, MaskedCrc32c.crc(filled(32, 0xFF), 0, 32));
    byte[] ascending = new byte[32];
    for (int i = 0; i < 32; i++) {
      ascending[i] = (byte) i;
    }
    assertEquals(0x46DD794E, MaskedCrc32c.crc(ascending, 0, 32));
  }

  @Test
  void maskedValuesMatchTensorFlowsMask() {
    assertEquals(0xC78AB0E5, MaskedCrc32c.masked("123456789".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(0x0FD7FFFA, MaskedCrc32c.masked(filled(32, 0)));
    assertEquals(0xF909B029, MaskedCrc32c.masked(filled(32, 0xFF)));
    // the length fields of TFRecord headers: 0 and 24 as 8-byte little-endian
    assertEquals(0x07980329, MaskedCrc32c.masked(littleEndian(0)));
    assertEquals(0x224B7FA3, MaskedCrc32c.masked(littleEndian(24)));
  }

  @Test
  void unmaskInvertsMask() {
    for (int crc : new int[] {0, 1, -1, 0xE3069283, 0x7FFFFFFF, 0x80000000}) {
      assertEquals(crc, MaskedCrc32c.unmask(MaskedCrc32c.mask(crc)));
    }
  }

  private static byte[] littleEndian(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
