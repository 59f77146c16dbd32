package dev.vitp.backend.djl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.TokenizerConfig;
import dev.vitp.spi.VitpException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code hf-tokenizer-json} tokenizer: {@code {"type": "hf-tokenizer-json",
 * "file": "/models/qwen2/tokenizer.json"}}; a relative file is read from the run folder.
 */
public record HfTokenizerJsonConfig(String file) implements TokenizerConfig {
  @JsonCreator
  static HfTokenizerJsonConfig fromJson(@JsonProperty("file") @Nullable String file) {
    if (file == null || file.isBlank()) {
      throw VitpException.userError("Expected \"file\" (a HuggingFace tokenizer.json) in tokenizer "
          + "[hf-tokenizer-json]. Received: none");
    }
    return new HfTokenizerJsonConfig(file);
  }
}
