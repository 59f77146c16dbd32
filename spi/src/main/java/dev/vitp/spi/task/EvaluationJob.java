package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.model.BackboneBuilder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FinetuneRecipe#evaluate} scores: either a fine-tuned model ({@code weights}, the
 * backbone and head rebuilt from the run's config and filled strictly from that file), or
 * {@code predictions} already made by any detector, scored against the truth of {@code data}.
 *
 * @param backend where the model runs (inference is enough)
 * @param backbone the run's backbone, built as the run built it
 * @param head the run's task head (its kind decides how the data are read)
 * @param headName the head's registered name, the task's
 * @param data the labelled data; {@code data.fraction()} is not used (every sample is scored)
 * @param split the folder under {@code data.path()} scored, e.g. {@code val}
 * @param weights the model's weights (a fine-tuning run's {@code best.safetensors}), or null
 *     when {@code predictions} are scored
 * @param predictions detections to score instead of a model (a COCO results json, or a folder of
 *     DOTA {@code Task1_<class>.txt} files), or null
 * @param seed the session's seed (inference draws nothing, but sessions take one)
 */
public record EvaluationJob(Backend backend, BackboneBuilder backbone, TaskHeadBuilder head,
    String headName, FinetuneData data, String split, @Nullable Path weights,
    @Nullable Path predictions, long seed) {
  public EvaluationJob {
    if ((weights == null) == (predictions == null)) {
      throw VitpException.userError("Expected either model weights or predictions to evaluate. "
          + "Received: weights=" + weights + ", predictions=" + predictions);
    }
  }
}
