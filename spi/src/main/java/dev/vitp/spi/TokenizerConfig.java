package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Config base type of tokenizers: {@code {"type": "word"}} (fitted on the run's instruction data),
 * {@code {"type": "hf-tokenizer-json", "file": "tokenizer.json"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TokenizerConfig {}
