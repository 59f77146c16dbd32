package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.RecordStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;

/**
 * The laws of every instruction source, including image-only ones (such as {@code image-folder},
 * for objectives that read no text): records have unique, non-blank ids and at least one image,
 * and a second pass yields the same records (pretraining reads a source once per epoch and on
 * resume). {@link InstructionSourceContract} adds the text laws.
 */
public interface ImageSourceContract {
  /** The source under test (with the records it should hold for the test). */
  InstructionSource source();

  @Example
  default void everyRecordHasAnIdAndAnImage() {
    List<InstructionRecord> records = read(source());
    assertFalse(records.isEmpty(), "the source under test yields no records");
    Set<String> ids = new HashSet<>();
    for (InstructionRecord r : records) {
      assertFalse(r.id().isBlank(), "a record without an id");
      assertTrue(ids.add(r.id()), () -> "id " + r.id() + " twice");
      assertFalse(r.images().isEmpty(), () -> r.id() + ": no image");
    }
  }

  @Example
  default void aSecondPassYieldsTheSameRecords() {
    InstructionSource source = source();
    assertEquals(read(source), read(source));
  }

  /** Every record of one pass. */
  static List<InstructionRecord> read(InstructionSource source) {
    List<InstructionRecord> records = new ArrayList<>();
    try (RecordStream stream = source.open()) {
      stream.forEachRemaining(records::add);
    }
    return records;
  }
}
