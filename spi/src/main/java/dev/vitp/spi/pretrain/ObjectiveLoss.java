package dev.vitp.spi.pretrain;

import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The loss of one micro-batch and what the step's metrics report about it.
 *
 * @param value the scalar loss to back-propagate, or null when the batch had nothing to learn
 *     from (the runtime skips and counts it)
 * @param visibleImageTokens image tokens per image the model saw ({@code kept_image_tokens} in
 *     {@code metrics.jsonl}): after VRL for ViTP, the unmasked patches for MAE
 */
public record ObjectiveLoss(@Nullable Tensor value, int visibleImageTokens) {
  /** A batch with nothing to learn from. */
  public static ObjectiveLoss skipped() {
    return new ObjectiveLoss(null, 0);
  }
}
