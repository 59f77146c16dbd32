package dev.vitp.backend.djl;

import dev.vitp.conformance.contracts.TokenizerContract;
import dev.vitp.spi.text.SpecialTokens;
import dev.vitp.spi.text.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hf-tokenizer-json} keeps the shipped tokenizer contract on a WordLevel tokenizer.json
 * that defines vitp's special tokens as added tokens, as a real one prepared for vitp would.
 */
class HfTokenizerContractTest implements TokenizerContract {
  private static final Path FILE = write();

  private static Path write() {
    List<String> vocab = new ArrayList<>(SpecialTokens.ALL);
    vocab.addAll(List.of("the", "a", "ship", "harbour", "field", "two", "three", "river", ".",
        ",", "?", "[", "]"));
    StringBuilder added = new StringBuilder();
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < vocab.size(); i++) {
      String token = vocab.get(i);
      if (i < SpecialTokens.ALL.size()) {
        added.append(added.length() == 0 ? "" : ",").append("{\"id\":").append(i)
            .append(",\"content\":\"").append(token).append("\",\"single_word\":false,")
            .append("\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
      }
      ids.append(ids.length() == 0 ? "" : ",").append('"').append(token).append("\":").append(i);
    }
    String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
        + added + "],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
        + "\"post_processor\":null,\"decoder\":null,\"model\":{\"type\":\"WordLevel\","
        + "\"unk_token\":\"<unk>\",\"vocab\":{" + ids + "}}}";
    try {
      Path file = Files.createTempDirectory("hf-contract").resolve("tokenizer.json");
      Files.writeString(file, json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Tokenizer tokenizer() {
    return HuggingFaceTokenizerJson.open(FILE);
  }
}
