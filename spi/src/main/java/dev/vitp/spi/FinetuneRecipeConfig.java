package dev.vitp.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Config base type of finetuning recipes: {@code {"type": "supervised", "epochs": 10, "lr":
 * 5e-4}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface FinetuneRecipeConfig {}
