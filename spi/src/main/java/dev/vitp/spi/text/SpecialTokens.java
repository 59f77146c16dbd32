package dev.vitp.spi.text;

import java.util.List;

/** The special tokens the instruction format needs, as single tokens. */
public final class SpecialTokens {
  public static final String PAD = "<pad>";
  public static final String EOS = "<eos>";
  public static final String UNK = "<unk>";
  public static final String IMAGE = "<image>";
  public static final String REF_OPEN = "<ref>";
  public static final String REF_CLOSE = "</ref>";
  public static final String BOX_OPEN = "<box>";
  public static final String BOX_CLOSE = "</box>";
  public static final String SYSTEM = "<system>";
  public static final String USER = "<user>";
  public static final String ASSISTANT = "<assistant>";

  /** All of them, in the id order the built-in tokenizer gives them (pad is 0). */
  public static final List<String> ALL = List.of(PAD, EOS, UNK, IMAGE, REF_OPEN, REF_CLOSE,
      BOX_OPEN, BOX_CLOSE, SYSTEM, USER, ASSISTANT);

  private SpecialTokens() {}
}
