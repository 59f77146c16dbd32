package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
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
}
