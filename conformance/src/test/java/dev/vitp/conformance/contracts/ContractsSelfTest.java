package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each contract fails a component with a planted bug, on the law the bug breaks. */
class ContractsSelfTest {
  private static KeptTokens rows(int batch, int tokens, int[] row) {
    int[][] positions = new int[batch][];
    for (int b = 0; b < batch; b++) {
      positions[b] = row.clone();
    }
    return KeptTokens.of(tokens, positions);
  }

  @Test
  void tokenDropContractCatchesDisorderIgnoredSeedsAndEmptySelections() {
    TokenDropContract reversed = () -> (batch, tokens, random) ->
        rows(batch, tokens, IntStream.range(0, tokens).map(i -> tokens - 1 - i).toArray());
    assertThrows(AssertionError.class,
        () -> reversed.keepsTheSameNumberOfDistinctInRangePositionsInEverySample(2, 5, 1L));

    AtomicLong calls = new AtomicLong();
    TokenDropStrategy unseeded = (batch, tokens, random) ->
        rows(batch, tokens, new int[] {(int) (calls.incrementAndGet() % tokens)});
    TokenDropContract ignoresTheSeed = () -> unseeded;
    assertThrows(AssertionError.class,
        () -> ignoresTheSeed.theSameSeedSelectsTheSameTokens(1, 7, 3L));

    TokenDropContract keepsNothing = () -> (batch, tokens, random) ->
        rows(batch, tokens, new int[0]);
    assertThrows(AssertionError.class,
        () -> keepsNothing.keepsTheSameNumberOfDistinctInRangePositionsInEverySample(1, 4, 0L));
  }

  /** Splits on spaces, unknown words become {@code <unk>}; {@code drift} breaks the round trip. */
  private static Tokenizer tokenizer(boolean drift, boolean missingSpecial) {
    List<String> vocab = new ArrayList<>(SpecialTokens.ALL);
    vocab.addAll(List.of("the", "ship"));
    return new Tokenizer() {
      @Override
      public int vocabSize() {
        return vocab.size();
      }

      @Override
      public int[] encode(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty())
            .mapToInt(w -> vocab.contains(w) ? vocab.indexOf(w)
                : vocab.indexOf(SpecialTokens.UNK)).toArray();
      }

      @Override
      public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
          text.append(text.length() == 0 ? "" : " ").append(vocab.get(id));
        }
        return drift ? text + " the" : text.toString();
      }

      @Override
      public OptionalInt specialId(String token) {
        if (missingSpecial && token.equals(SpecialTokens.BOX_OPEN)) {
          return OptionalInt.empty();
        }
        int id = vocab.indexOf(token);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
      }
    };
  }

  @Test
  void tokenizerContractCatchesDriftAndMissingSpecialTokens() {
    TokenizerContract sound = () -> tokenizer(false, false);
    sound.everySpecialTokenHasAnIdAndEncodesToIt();
    sound.idsAreInRangeAndTheRoundTripIsStable("the ship <ref> whale");
    TokenizerContract drifting = () -> tokenizer(true, false);
    assertThrows(AssertionError.class,
        () -> drifting.idsAreInRangeAndTheRoundTripIsStable("the ship"));
    TokenizerContract incomplete = () -> tokenizer(false, true);
    assertThrows(AssertionError.class, incomplete::everySpecialTokenHasAnIdAndEncodesToIt);
  }

  private static InstructionRecord record(String id, List<String> images, String answer) {
    return new InstructionRecord(id, images, List.of(new Turn(Role.HUMAN, "<image>\nWhat is it?"),
        new Turn(Role.GPT, answer)));
  }

  @Test
  void instructionSourceContractCatchesUnusableRecordsAndUnstablePasses() {
    InstructionSourceContract sound = () -> () -> RecordStream.of(List.of(
        record("a", List.of("a.png"), "a ship"), record("b", List.of("b.png"), "a field")));
    sound.everyRecordHasAnIdAndAnImage();
    sound.everyRecordIsUsableForPretraining();
    sound.aSecondPassYieldsTheSameRecords();

    InstructionSourceContract duplicateIds = () -> () -> RecordStream.of(List.of(
        record("a", List.of("a.png"), "x"), record("a", List.of("b.png"), "y")));
    assertThrows(AssertionError.class, duplicateIds::everyRecordHasAnIdAndAnImage);
    InstructionSourceContract noAnswer = () -> () -> RecordStream.of(List.of(
        record("a", List.of("a.png"), " ")));
    assertThrows(AssertionError.class, noAnswer::everyRecordIsUsableForPretraining);
    InstructionSourceContract noImage = () -> () -> RecordStream.of(List.of(
        record("a", List.of(), "x")));
    assertThrows(AssertionError.class, noImage::everyRecordHasAnIdAndAnImage);

    AtomicLong passes = new AtomicLong();
    InstructionSource drifting = () -> RecordStream.of(List.of(
        record("p" + passes.incrementAndGet(), List.of("a.png"), "x")));
    InstructionSourceContract unstable = () -> drifting;
    assertThrows(AssertionError.class, unstable::aSecondPassYieldsTheSameRecords);
  }
}
