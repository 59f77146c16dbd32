package dev.vitp.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileTest {
  @Test
  void writesTfRecordFramedEventsThatReadBack(@TempDir Path dir) throws Exception {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      file = w.file();
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("train/loss", 2.5);
      values.put("train/lr", 1e-3);
      w.scalars(1, 1_700_000_000.25, values);
      w.scalars(300, 1_700_000_001.5, Map.of("val/loss", 1.75));
    }
    assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\..+"),
        file.toString());
    List<EventFileReader.Event> events = EventFileReader.read(file);
    assertEquals(3, events.size());
    assertEquals("brain.Event:2", events.get(0).fileVersion());
    assertEquals(1, events.get(1).step());
    assertEquals(1_700_000_000.25, events.get(1).wallTime());
    assertEquals(2.5f, events.get(1).scalars().get("train/loss"));
    assertEquals(1e-3f, events.get(1).scalars().get("train/lr"));
    assertEquals(List.of("train/loss", "train/lr"), List.copyOf(events.get(1).scalars().keySet()));
    assertEquals(300, events.get(2).step(), "a step past one varint byte");
    assertEquals(1.75f, events.get(2).scalars().get("val/loss"));

    // The framing itself: length, masked CRC of the length, data, masked CRC of the data.
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long length = b.getLong();
    assertEquals(MaskedCrc32c.masked(Arrays.copyOfRange(bytes, 0, 8)), b.getInt());
    assertEquals(MaskedCrc32c.masked(Arrays.copyOfRange(bytes, 12, 12 + (int) length)),
        b.getInt(12 + (int) length));
  }

  @Test
  void aTornLastRecordEndsTheFileAndAWrongCrcIsAnError(@TempDir Path dir) throws Exception {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      file = w.file();
      w.scalars(1, 1.0, Map.of("a", 1.0));
      w.scalars(2, 2.0, Map.of("a", 2.0));
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertEquals(2, EventFileReader.read(file).size(), "the cut record is left out");
    bytes[bytes.length - 10] ^= 1;
    Files.write(file, bytes);
    VitpException e = assertThrows(VitpException.class, () -> EventFileReader.read(file));
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void aSessionStartInALaterFileHidesTheStepsItReplays(@TempDir Path dir) throws Exception {
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      for (int step = 1; step <= 4; step++) {
        w.scalars(step, step, Map.of("train/loss", 10.0 + step));
      }
    }
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      w.sessionStart(3, 5.0);
      for (int step = 3; step <= 5; step++) {
        w.scalars(step, 5 + step, Map.of("train/loss", 20.0 + step));
      }
    }
    assertEquals(2, EventFileReader.files(dir).size());
    List<EventFileReader.Point> loss = EventFileReader.scalars(dir, "train/loss");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), loss.stream().map(EventFileReader.Point::step)
        .toList());
    assertEquals(List.of(11f, 12f, 23f, 24f, 25f), loss.stream()
        .map(EventFileReader.Point::value).toList());
  }
}
