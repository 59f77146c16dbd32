package dev.vitp.plugins.domains.instruct;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code internvl-jsonl} instruction source:
 * <pre>{"type": "internvl-jsonl", "recipe": "data/recipe.json", "badRecords": "skip",
 *  "maxReported": 20, "normalization": "remote-sensing", "augment": {"hflip": 0.5}}</pre>
 *
 * @param recipe an InternVL meta JSON, or a single {@code .jsonl} whose images are relative to its
 *     folder
 * @param badRecords {@code skip} (default) or {@code fail}
 * @param maxReported how many skips are kept as {@code file:line: reason} examples
 * @param normalization {@code internvl} (default: ImageNet statistics), or a domain's name
 * @param augment augmentations applied by the batch loader (none by default)
 */
public record InternVlJsonlConfig(String recipe, BadRecordPolicy badRecords, int maxReported,
    String normalization, Augmentation augment) implements InstructionSourceConfig {
  public static final int DEFAULT_REPORTED = 20;

  public InternVlJsonlConfig {
    if (recipe.isBlank()) {
      throw VitpException.userError("Expected a recipe path for internvl-jsonl. Received: recipe=''");
    }
    if (maxReported < 0) {
      throw VitpException.userError("Expected maxReported >= 0. Received: maxReported=" + maxReported);
    }
  }

  /** The defaults for everything but the recipe. */
  public static InternVlJsonlConfig of(String recipe) {
    return new InternVlJsonlConfig(recipe, BadRecordPolicy.SKIP, DEFAULT_REPORTED, "internvl",
        Augmentation.NONE);
  }

  @JsonCreator
  static InternVlJsonlConfig fromJson(@JsonProperty("recipe") @Nullable String recipe,
      @JsonProperty("badRecords") @Nullable BadRecordPolicy badRecords,
      @JsonProperty("maxReported") @Nullable Integer maxReported,
      @JsonProperty("normalization") @Nullable String normalization,
      @JsonProperty("augment") @Nullable Augmentation augment) {
    if (recipe == null) {
      throw VitpException.userError("Expected \"recipe\" in the internvl-jsonl config. Received: none");
    }
    return new InternVlJsonlConfig(recipe, badRecords == null ? BadRecordPolicy.SKIP : badRecords,
        maxReported == null ? DEFAULT_REPORTED : maxReported,
        normalization == null ? "internvl" : normalization,
        augment == null ? Augmentation.NONE : augment);
  }

  public InternVlJsonlConfig withPolicy(BadRecordPolicy p) {
    return new InternVlJsonlConfig(recipe, p, maxReported, normalization, augment);
  }

  public InternVlJsonlConfig withNormalization(String n) {
    return new InternVlJsonlConfig(recipe, badRecords, maxReported, n, augment);
  }

  public InternVlJsonlConfig withAugment(Augmentation a) {
    return new InternVlJsonlConfig(recipe, badRecords, maxReported, normalization, a);
  }
}
