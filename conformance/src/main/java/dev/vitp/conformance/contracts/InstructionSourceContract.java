package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Example;

/**
 * The laws of an instruction source, for objectives that read text (ViTP): those of every {@link
 * ImageSourceContract source}, and every record has a conversation with a human turn and an answer
 * (a {@code gpt} turn) to supervise, and no more {@code <image>} placeholders than images.
 */
public interface InstructionSourceContract extends ImageSourceContract {
  @Example
  default void everyRecordIsUsableForPretraining() {
    for (InstructionRecord r : ImageSourceContract.read(source())) {
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

  /**
   * {@code openDistinct()} (what a vocabulary is fitted on) yields the records of a pass of
   * {@code open()}, no other and none twice where a pass repeats it.
   */
  @Example
  default void theDistinctRecordsAreThoseOfAPassEachOnce() {
    List<InstructionRecord> pass = ImageSourceContract.read(source());
    List<InstructionRecord> distinct = new ArrayList<>();
    try (RecordStream stream = source().openDistinct()) {
      stream.forEachRemaining(distinct::add);
    }
    assertEquals(new HashSet<>(pass), new HashSet<>(distinct),
        "openDistinct() and open() differ in the records they yield");
    assertTrue(distinct.size() <= pass.size(), () -> "openDistinct() yields "
        + distinct.size() + " records, more than a pass of open(): " + pass.size());
  }
}
