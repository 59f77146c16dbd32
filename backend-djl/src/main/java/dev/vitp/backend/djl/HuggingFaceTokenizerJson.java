package dev.vitp.backend.djl;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.text.Tokenizer;
import dev.vitp.toolkit.json.MiniJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A HuggingFace {@code tokenizer.json} (BPE, WordPiece, Unigram, WordLevel) through DJL's native
 * tokenizers, offline. Special tokens are looked up by content in {@code added_tokens} and the
 * model vocabulary, so a tokenizer that defines vitp's special tokens ({@code <image>}, {@code
 * <ref>}, {@code <user>}, …) can be used for pretraining as is; one that lacks them is rejected
 * by the conversation encoder with the missing token named.
 */
public final class HuggingFaceTokenizerJson implements Tokenizer, AutoCloseable {
  static {
    DjlOffline.ensure();
  }

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Integer> tokenIds;
  private final int vocabSize;

  private HuggingFaceTokenizerJson(HuggingFaceTokenizer tokenizer, Map<String, Integer> tokenIds) {
    this.tokenizer = tokenizer;
    this.tokenIds = tokenIds;
    this.vocabSize = tokenIds.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
  }

  /** Opens a {@code tokenizer.json}; no special tokens are added and nothing is truncated. */
  public static HuggingFaceTokenizerJson open(Path tokenizerJson) {
    Map<String, Integer> ids = readIds(tokenizerJson);
    try {
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new HuggingFaceTokenizerJson(tokenizer, ids);
    } catch (IOException | RuntimeException e) {
      throw VitpException.userError("Expected a loadable HuggingFace tokenizer.json. Received: "
          + "file=" + tokenizerJson + ", error=" + e.getMessage(), e);
    }
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return tokenizer.decode(wide, false);
  }

  @Override
  public OptionalInt specialId(String token) {
    Integer id = tokenIds.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** Token → id from {@code added_tokens} and {@code model.vocab} (object or Unigram list). */
  private static Map<String, Integer> readIds(Path file) {
    Object root;
    try {
      root = MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | VitpException e) {
      throw VitpException.userError("Expected a readable tokenizer.json. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> json)) {
      throw VitpException.userError("Expected a JSON object in " + file + ". Received: " + root);
    }
    Map<String, Integer> ids = new HashMap<>();
    if (json.get("model") instanceof Map<?, ?> model) {
      Object vocab = model.get("vocab");
      if (vocab instanceof Map<?, ?> map) {
        map.forEach((k, v) -> ids.put((String) k, ((Number) v).intValue()));
      } else if (vocab instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof List<?> entry && !entry.isEmpty()) {
            ids.put(String.valueOf(entry.get(0)), i);
          }
        }
      }
    }
    if (json.get("added_tokens") instanceof List<?> added) {
      for (Object a : added) {
        if (a instanceof Map<?, ?> t && t.get("content") instanceof String c
            && t.get("id") instanceof Number n) {
          ids.put(c, n.intValue());
        }
      }
    }
    if (ids.isEmpty()) {
      throw VitpException.userError("Expected a vocabulary in " + file + " (model.vocab or "
          + "added_tokens). Received: none");
    }
    return ids;
  }
}
