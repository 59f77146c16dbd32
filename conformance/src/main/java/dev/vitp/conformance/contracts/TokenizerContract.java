package dev.vitp.conformance.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws of a tokenizer vitp can pretrain with: every special token of {@link SpecialTokens}
 * has an id, and a special token in text encodes to that one id; ids lie in {@code [0,
 * vocabSize)}; and the round trip is stable: encoding the decoded ids gives the same ids (a
 * tokenizer may normalise text, e.g. lower-case it, but not drift).
 */
public interface TokenizerContract {
  /** The tokenizer under test. */
  Tokenizer tokenizer();

  /** Words the tokenizer knows, to build sample texts from (unknown words work too). */
  default List<String> vocabularySample() {
    return List.of("the", "a", "ship", "harbour", "field", "two", "three", "river");
  }

  @Example
  default void everySpecialTokenHasAnIdAndEncodesToIt() {
    Tokenizer t = tokenizer();
    for (String special : SpecialTokens.ALL) {
      OptionalInt id = t.specialId(special);
      assertTrue(id.isPresent(), () -> "no id for special token " + special);
      assertTrue(id.getAsInt() >= 0 && id.getAsInt() < t.vocabSize());
      assertArrayEquals(new int[] {id.getAsInt()}, t.encode(special),
          () -> special + " should encode to its own id");
    }
  }

  @Property(tries = 200)
  default void idsAreInRangeAndTheRoundTripIsStable(@ForAll("texts") String text) {
    Tokenizer t = tokenizer();
    int[] ids = t.encode(text);
    for (int id : ids) {
      assertTrue(id >= 0 && id < t.vocabSize(), () -> "id " + id + " outside [0, "
          + t.vocabSize() + ") for " + text);
    }
    String decoded = t.decode(ids);
    assertArrayEquals(ids, t.encode(decoded),
        () -> "encode(decode(ids)) != ids for '" + text + "' (decoded '" + decoded + "')");
    assertEquals(decoded, t.decode(t.encode(decoded)), "decoding is stable");
  }

  /** Sentences of known words, digits, special tokens and grounding boxes. */
  @Provide
  default Arbitrary<String> texts() {
    Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(vocabularySample()),
        Arbitraries.of(SpecialTokens.ALL), Arbitraries.integers().between(0, 1000)
            .map(String::valueOf), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
        Arbitraries.of(".", ",", "?", "[[", "]]"));
    return word.list().ofMinSize(0).ofMaxSize(20).map(words -> String.join(" ", words));
  }
}
