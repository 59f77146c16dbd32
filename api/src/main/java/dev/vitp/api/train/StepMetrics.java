package dev.vitp.api.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one optimizer step reports; one line of {@code metrics.jsonl}. {@code kept_image_tokens}
 * counts per image, after VRL.
 */
public record StepMetrics(
    @JsonProperty("step") long step,
    @JsonProperty("loss") double loss,
    @JsonProperty("lr") double lr,
    @JsonProperty("grad_norm") double gradNorm,
    @JsonProperty("images_per_s") double imagesPerSecond,
    @JsonProperty("tokens_per_s") double tokensPerSecond,
    @JsonProperty("kept_image_tokens") int keptImageTokens,
    @JsonProperty("step_ms") double stepMillis) {}
