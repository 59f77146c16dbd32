package dev.vitp.toolkit.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SafeTensorsProperties {

  @Property(tries = 40)
  void writeThenReadRoundTrips(@ForAll @IntRange(min = 0, max = 5) int tensorCount,
      @ForAll long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, SafeTensors.FloatTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < tensorCount; i++) {
      int rank = random.nextInt(4);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = random.nextInt(4);
      }
      Shape shape = Shape.of(dims);
      float[] values = new float[shape.elementCount()];
      for (int v = 0; v < values.length; v++) {
        values[v] = (float) random.nextGaussian();
      }
      tensors.put("layer." + i + ".weight", new SafeTensors.FloatTensor(shape, values));
    }
    Path dir = Files.createTempDirectory("st");
    Path file = dir.resolve("w.safetensors");
    SafeTensors.write(file, tensors, Map.of("format", "pt", "step", "7"));
    try (SafeTensorsFile read = SafeTensorsFile.open(file)) {
      assertEquals(tensors.keySet(), read.names());
      assertEquals(Map.of("format", "pt", "step", "7"), read.metadata());
      for (var e : tensors.entrySet()) {
        assertEquals(e.getValue().shape(), read.entry(e.getKey()).shape());
        assertArrayEquals(e.getValue().values(), read.floats(e.getKey()));
      }
    }
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "the atomic write leaves no temp file behind");
    }
  }

  @Property(tries = 60)
  void truncatedFilesAreRejectedWithAClearMessage(@ForAll @IntRange(min = 1, max = 40) int cut)
      throws IOException {
    Path file = Files.createTempDirectory("st").resolve("w.safetensors");
    SafeTensors.write(file, Map.of("a", new SafeTensors.FloatTensor(Shape.of(3, 2),
        new float[] {1, 2, 3, 4, 5, 6})), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, Math.max(0, bytes.length - cut)));
    VitpException e = assertThrows(VitpException.class, () -> SafeTensorsFile.open(file));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains("safetensors"), e.getMessage());
  }

  @Example
  void rejectsBadHeaders() throws IOException {
    assertCorrupt(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
        "data_offsets inside the data");
    assertCorrupt(raw("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype");
    assertCorrupt(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8), "overlaps");
    assertCorrupt(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "8 bytes");
    assertCorrupt(raw("not json", 0), "JSON");
    assertCorrupt(raw("[1,2]", 0), "object");
    Path huge = Files.createTempFile("st", ".safetensors");
    Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(Long.MAX_VALUE).array());
    assertCorrupt(huge, "header length");
  }

  @Example
  void decodesHalfAndBfloat16() throws IOException {
    // 1.0 = 0x3C00 (F16), -2.0 = 0xC000, 65504 = 0x7BFF; BF16 1.0 = 0x3F80, -0.5 = 0xBF00.
    ByteBuffer data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF);
    data.putShort((short) 0x3F80).putShort((short) 0xBF00);
    Path file = raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}", data.array());
    try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
      assertArrayEquals(new float[] {1f, -2f, 65504f}, f.floats("h"));
      assertArrayEquals(new float[] {1f, -0.5f}, f.floats("b"));
      VitpException missing = assertThrows(VitpException.class, () -> f.floats("nope"));
      assertTrue(missing.getMessage().contains("[nope]"), missing.getMessage());
    }
  }

  private static void assertCorrupt(Path file, String expectedFragment) {
    VitpException e = assertThrows(VitpException.class, () -> SafeTensorsFile.open(file));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
  }

  private static Path raw(String header, int dataBytes) throws IOException {
    return raw(header, new byte[dataBytes]);
  }

  private static Path raw(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    Path file = Files.createTempFile("st", ".safetensors");
    Files.write(file, b.array());
    return file;
  }
}
