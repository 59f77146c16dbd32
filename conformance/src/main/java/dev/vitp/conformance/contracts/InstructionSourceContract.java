package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;

/**
 * The laws of an instruction source: every record has a unique, non-blank id, at least one image,
 * a conversation with a human turn and an answer (a {@code gpt} turn) to supervise, and no more
 * {@code <image>} placeholders than images; and a second pass yields the same records (pretraining
 * reads a source once per epoch and on resume).
 */
public interface InstructionSourceContract {
  /** The source under test (with the records it should hold for the test). */
  InstructionSource source();

  @Example
  default void everyRecordIsUsableForPretraining() {
    List<InstructionRecord> records = read(source());
    assertFalse(records.isEmpty(), "the source under test yields no records");
    Set<String> ids = new HashSet<>();
    for (InstructionRecord r : records) {
      assertFalse(r.id().isBlank(), "a record without an id");
      assertTrue(ids.add(r.id()), () -> "id " + r.id() + " twice");
      assertFalse(r.images().isEmpty(), () -> r.id() + ": no image");
      assertTrue(r.conversations().stream().anyMatch(t -> t.from() == Role.HUMAN),
          () -> r.id() + ": no human turn");
      assertTrue(r.conversations().stream().anyMatch(t -> t.from() == Role.GPT
          && !t.value().isBlank()), () -> r.id() + ": no answer to supervise");
      int placeholders = 0;
      for (Turn t : r.conversations()) {
        placeholders += (t.value().length() - t.value().replace("<image>", "").length()) / 7;
      }
      int count = placeholders;
      assertTrue(count <= r.images().size(),
          () -> r.id() + ": " + count + " <image> placeholders for " + r.images().size()
              + " image(s)");
    }
  }

  @Example
  default void aSecondPassYieldsTheSameRecords() {
    InstructionSource source = source();
    assertEquals(read(source), read(source));
  }

  private static List<InstructionRecord> read(InstructionSource source) {
    List<InstructionRecord> records = new ArrayList<>();
    try (RecordStream stream = source.open()) {
      stream.forEachRemaining(records::add);
    }
    return records;
  }
}
