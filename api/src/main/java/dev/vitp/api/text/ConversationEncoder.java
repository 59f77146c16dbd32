package dev.vitp.api.text;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a conversation into the decoder's text tokens and next-token targets. Layout: {@code
 * <system> … <user> … <assistant> answer <eos> <user> …}, padded with {@code <pad>} to {@code
 * textTokens}. The image placeholder is dropped from the text (image tokens precede the text).
 * Only assistant answers and their {@code <eos>} are supervised.
 */
public final class ConversationEncoder {
  /** An encoded conversation. {@code supervised == 0} means nothing is left to learn from. */
  public record Encoded(int[] ids, int[] targets, int supervised, boolean truncated) {}

  private final Tokenizer tokenizer;
  private final int textTokens;
  private final int pad;
  private final int eos;
  private final int system;
  private final int user;
  private final int assistant;
  private final int image;

  public ConversationEncoder(Tokenizer tokenizer, int textTokens) {
    this.tokenizer = tokenizer;
    this.textTokens = textTokens;
    this.pad = required(tokenizer, SpecialTokens.PAD);
    this.eos = required(tokenizer, SpecialTokens.EOS);
    this.system = required(tokenizer, SpecialTokens.SYSTEM);
    this.user = required(tokenizer, SpecialTokens.USER);
    this.assistant = required(tokenizer, SpecialTokens.ASSISTANT);
    this.image = required(tokenizer, SpecialTokens.IMAGE);
  }

  public int textTokens() {
    return textTokens;
  }

  public Encoded encode(List<Turn> turns) {
    int[] ids = new int[textTokens];
    boolean[] supervisedAt = new boolean[textTokens];
    Arrays.fill(ids, pad);
    int n = 0;
    boolean truncated = false;
    for (Turn turn : turns) {
      int marker = switch (turn.from()) {
        case SYSTEM -> system;
        case HUMAN -> user;
        case GPT -> assistant;
      };
      int[] content = tokenizer.encode(turn.value());
      boolean answer = turn.from() == Role.GPT;
      int needed = 1 + content.length + (answer ? 1 : 0);
      for (int i = 0; i < needed; i++) {
        if (n >= textTokens) {
          truncated = true;
          break;
        }
        int token = i == 0 ? marker : i <= content.length ? content[i - 1] : eos;
        if (token == image) {
          continue;
        }
        ids[n] = token;
        supervisedAt[n] = answer && i > 0;
        n++;
      }
    }
    int[] targets = new int[textTokens];
    Arrays.fill(targets, ModelBatch.IGNORE);
    int supervised = 0;
    for (int t = 0; t + 1 < textTokens; t++) {
      if (supervisedAt[t + 1]) {
        targets[t] = ids[t + 1];
        supervised++;
      }
    }
    return new Encoded(ids, targets, supervised, truncated);
  }

  private static int required(Tokenizer tokenizer, String token) {
    return tokenizer.specialId(token).orElseThrow(() -> VitpException.userError(
        "Expected the tokenizer to have the special token " + token + ". Received: a tokenizer "
            + "without it (" + tokenizer.getClass().getSimpleName() + ")"));
  }
}
