package dev.vitp.api.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class WordTokenizerProperties {
  private static final List<String> CORPUS = List.of(
      "<image>\nHow many airplanes are there?", "There are 3 airplanes.",
      "Where is the ship? <ref>ship</ref><box>[[120,340,560,780]]</box>",
      "A harbour with two ships and a storage tank.");

  private final WordTokenizer tokenizer = WordTokenizer.fit(CORPUS, 1000, 1);

  @Property(tries = 100)
  void boxCoordinatesRoundTripThroughDigits(@ForAll @IntRange(max = 1000) int x1,
      @ForAll @IntRange(max = 1000) int y1, @ForAll @IntRange(max = 1000) int x2,
      @ForAll @IntRange(max = 1000) int y2) {
    String box = "<box>[[" + x1 + "," + y1 + "," + x2 + "," + y2 + "]]</box>";
    int[] ids = tokenizer.encode(box);
    assertEquals(box, tokenizer.decode(ids).replace(" ", ""));
    assertArrayEquals(ids, tokenizer.encode(tokenizer.decode(ids)));
  }

  @Example
  void specialTokensHaveFixedIdsAndSaveLoadRoundTrips() throws Exception {
    for (int i = 0; i < SpecialTokens.ALL.size(); i++) {
      assertEquals(i, tokenizer.special(SpecialTokens.ALL.get(i)));
    }
    int[] ids = tokenizer.encode("<ref>ship</ref> unknownword");
    assertEquals(tokenizer.special(SpecialTokens.REF_OPEN), ids[0]);
    assertEquals(tokenizer.special(SpecialTokens.UNK), ids[ids.length - 1]);
    ObjectMapper json = new ObjectMapper();
    Path file = Files.createTempDirectory("tok").resolve("tokenizer.json");
    tokenizer.save(file, json);
    // Loaded back as the runtime does: tokenizer [word] with the file relative to the run folder.
    Tokenizer loaded = (Tokenizer) Vitp.create().createForRun(ComponentKind.TOKENIZER,
        new WordTokenizerConfig(file.getFileName().toString(), 4096, 2), file.getParent());
    assertEquals(tokenizer.vocabSize(), loaded.vocabSize());
    assertArrayEquals(tokenizer.encode("<ref>ship</ref> unknownword"),
        loaded.encode("<ref>ship</ref> unknownword"));
    VitpException bad = assertThrows(VitpException.class,
        () -> new WordTokenizer(List.of("hello", "world")));
    assertTrue(bad.getMessage().contains("special tokens"), bad.getMessage());
  }

  @Example
  void onlyAssistantTokensAreSupervised() {
    ConversationEncoder encoder = new ConversationEncoder(tokenizer, 24);
    var encoded = encoder.encode(List.of(new Turn(Role.HUMAN, "<image>\nHow many airplanes?"),
        new Turn(Role.GPT, "3 airplanes.")));
    int[] ids = encoded.ids();
    // <user> how many airplanes ? <assistant> 3 airplanes . <eos> <pad> ...
    assertEquals(tokenizer.special(SpecialTokens.USER), ids[0]);
    int assistant = indexOf(ids, tokenizer.special(SpecialTokens.ASSISTANT));
    assertEquals(5, assistant, "the image placeholder is not part of the text");
    // Targets: the assistant marker position predicts "3", ... the last answer token predicts eos.
    for (int t = 0; t < 24; t++) {
      boolean supervised = t >= assistant && t < assistant + 4;
      assertEquals(supervised ? ids[t + 1] : ModelBatch.IGNORE, encoded.targets()[t], "t=" + t);
    }
    assertEquals(4, encoded.supervised());
    assertEquals(tokenizer.special(SpecialTokens.EOS), ids[assistant + 4]);
  }

  @Example
  void truncationThatCutsEveryAnswerLeavesNothingSupervised() {
    ConversationEncoder encoder = new ConversationEncoder(tokenizer, 4);
    var encoded = encoder.encode(List.of(new Turn(Role.HUMAN, "how many airplanes are there"),
        new Turn(Role.GPT, "3")));
    assertTrue(encoded.truncated());
    assertEquals(0, encoded.supervised());
  }

  private static int indexOf(int[] ids, int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }
}
