package dev.vitp.spi.text;

import java.util.OptionalInt;

/**
 * Maps text to token ids and back. Besides ordinary text it must know the special tokens of
 * {@link SpecialTokens} (pad, eos, role markers, grounding tags), each a single id.
 */
public interface Tokenizer {
  int vocabSize();

  /** Token ids of ordinary text; special-token strings in the text map to their ids. */
  int[] encode(String text);

  String decode(int[] ids);

  /** The id of a special token, if this tokenizer has it. */
  OptionalInt specialId(String token);
}
