package dev.vitp.api.text;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TokenizerConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code word} tokenizer: {@code {"type": "word", "file": "tokenizer.json"}}. The
 * vocabulary lives at {@code file}, relative to the run folder unless absolute (default {@value
 * #FITTED_FILE}); a new pretraining run whose file does not exist yet fits one there on its
 * instruction data (at most {@code vocabSize} words seen at least {@code minCount} times, a
 * deterministic fit, counted over the distinct records: a recipe's {@code repeat_time} weights
 * what training samples, not the vocabulary), and an absolute file reuses another vocabulary.
 */
public record WordTokenizerConfig(@Nullable String file, int vocabSize, int minCount)
    implements TokenizerConfig {
  public static final int DEFAULT_VOCAB = 4096;
  public static final int DEFAULT_MIN_COUNT = 2;
  /** The name of the fitted tokenizer in a run folder. */
  public static final String FITTED_FILE = "tokenizer.json";

  public WordTokenizerConfig {
    if (vocabSize < 16 || minCount < 1) {
      throw VitpException.userError("Expected vocabSize >= 16 and minCount >= 1 for tokenizer "
          + "[word]. Received: vocabSize=" + vocabSize + ", minCount=" + minCount);
    }
  }

  @JsonCreator
  static WordTokenizerConfig fromJson(@JsonProperty("file") @Nullable String file,
      @JsonProperty("vocabSize") @Nullable Integer vocabSize,
      @JsonProperty("minCount") @Nullable Integer minCount) {
    return new WordTokenizerConfig(file, vocabSize == null ? DEFAULT_VOCAB : vocabSize,
        minCount == null ? DEFAULT_MIN_COUNT : minCount);
  }

  public WordTokenizerConfig withFile(String fitted) {
    return new WordTokenizerConfig(fitted, vocabSize, minCount);
  }
}
