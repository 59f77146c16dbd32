package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.VitpException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A tokenizer.json generated in the test (WordLevel model, whitespace pre-tokenizer), offline. */
class HuggingFaceTokenizerJsonTest {
  private static final String TOKENIZER_JSON = """
      {"version": "1.0", "truncation": null, "padding": null,
       "added_tokens": [
         {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false,
          "normalized": false, "special": true},
         {"id": 1, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false,
          "normalized": false, "special": true},
         {"id": 2, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
          "normalized": false, "special": true}],
       "normalizer": null,
       "pre_tokenizer": {"type": "Whitespace"},
       "post_processor": null, "decoder": null,
       "model": {"type": "WordLevel", "unk_token": "<unk>",
         "vocab": {"<pad>": 0, "<eos>": 1, "<unk>": 2, "how": 3, "many": 4, "ships": 5, "?": 6}}}
      """;

  @Test
  void encodesDecodesAndFindsSpecialTokens() throws Exception {
    Path file = Files.createTempDirectory("hf").resolve("tokenizer.json");
    Files.writeString(file, TOKENIZER_JSON);
    try (HuggingFaceTokenizerJson tokenizer = HuggingFaceTokenizerJson.open(file)) {
      assertEquals(7, tokenizer.vocabSize());
      assertArrayEquals(new int[] {3, 4, 5, 6, 2}, tokenizer.encode("how many ships ? planes"));
      assertEquals("how many ships ?", tokenizer.decode(new int[] {3, 4, 5, 6}));
      assertEquals(1, tokenizer.specialId("<eos>").getAsInt());
      assertTrue(tokenizer.specialId("<image>").isEmpty());
    }
  }

  @Test
  void aBrokenFileIsAUserError() throws Exception {
    Path file = Files.createTempDirectory("hf").resolve("tokenizer.json");
    Files.writeString(file, "{\"model\": ");
    VitpException e = assertThrows(VitpException.class, () -> HuggingFaceTokenizerJson.open(file));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }
}
