package dev.vitp.spi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordStreamTest {
  private final InstructionRecord record = new InstructionRecord(
      "r", List.of("a.png"), List.of(new Turn(Role.HUMAN, "<image>\nWhat?"), new Turn(Role.GPT, "a ship")));

  @Test
  void ofIterableStreamsTheRecordsAndIsReadOnly() {
    try (RecordStream stream = RecordStream.of(List.of(record))) {
      assertEquals(record, stream.next());
      assertFalse(stream.hasNext());
      VitpException e = assertThrows(VitpException.class, stream::remove);
      assertEquals(ErrorCode.UNSUPPORTED, e.code());
    }
  }

  @Test
  void onCloseRunsOnceAndAClosedStreamIsEmpty() {
    AtomicInteger closes = new AtomicInteger();
    RecordStream stream = RecordStream.of(List.of(record).iterator(), closes::incrementAndGet);
    stream.close();
    stream.close();
    assertEquals(1, closes.get());
    assertFalse(stream.hasNext());
    assertThrows(VitpException.class, stream::next);
  }
}
