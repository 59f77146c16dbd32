package dev.vitp.api.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * What one optimizer step reports; one line of {@code metrics.jsonl} and one row of {@code
 * metrics.csv}. {@code kept_image_tokens} counts per image, after VRL; {@code wall_time} is when
 * the step ended, in seconds since the epoch (as TensorBoard records it); {@code val_loss} is the
 * held-out loss, on the steps where it was measured ({@code --val-every}) and absent otherwise.
 */
@JsonPropertyOrder({"step", "wall_time", "loss", "lr", "grad_norm", "images_per_s",
    "tokens_per_s", "kept_image_tokens", "step_ms", "val_loss"})
public record StepMetrics(
    @JsonProperty("step") long step,
    @JsonProperty("loss") double loss,
    @JsonProperty("lr") double lr,
    @JsonProperty("grad_norm") double gradNorm,
    @JsonProperty("images_per_s") double imagesPerSecond,
    @JsonProperty("tokens_per_s") double tokensPerSecond,
    @JsonProperty("kept_image_tokens") int keptImageTokens,
    @JsonProperty("step_ms") double stepMillis,
    @JsonProperty("wall_time") double wallTime,
    @JsonProperty("val_loss") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double valLoss) {

  /** The columns of {@code metrics.csv}, in order. */
  public static final java.util.List<String> COLUMNS = java.util.List.of("step", "wall_time",
      "loss", "lr", "grad_norm", "images_per_s", "tokens_per_s", "kept_image_tokens", "step_ms",
      "val_loss");

  /** A step that ends now, without a held-out loss. */
  public StepMetrics(long step, double loss, double lr, double gradNorm, double imagesPerSecond,
      double tokensPerSecond, int keptImageTokens, double stepMillis) {
    this(step, loss, lr, gradNorm, imagesPerSecond, tokensPerSecond, keptImageTokens, stepMillis,
        System.currentTimeMillis() / 1000.0, null);
  }

  public StepMetrics withValLoss(@Nullable Double value) {
    return new StepMetrics(step, loss, lr, gradNorm, imagesPerSecond, tokensPerSecond,
        keptImageTokens, stepMillis, wallTime, value);
  }

  /** The values of {@link #COLUMNS}, by column ({@code val_loss} null where not measured). */
  public java.util.Map<String, @Nullable Object> row() {
    java.util.Map<String, @Nullable Object> m = new java.util.LinkedHashMap<>();
    m.put("step", step);
    m.put("wall_time", wallTime);
    m.put("loss", loss);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    m.put("images_per_s", imagesPerSecond);
    m.put("tokens_per_s", tokensPerSecond);
    m.put("kept_image_tokens", keptImageTokens);
    m.put("step_ms", stepMillis);
    m.put("val_loss", valLoss);
    return m;
  }
}
