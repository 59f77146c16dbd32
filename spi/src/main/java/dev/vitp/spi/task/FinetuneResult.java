package dev.vitp.spi.task;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a finetuning run produced.
 *
 * @param task the task name
 * @param format the dataset format that was read
 * @param classes class names, index = id
 * @param bestEpoch of the validated epochs, the one with the best primary metric (1-based)
 * @param best its validation metrics
 * @param history every epoch
 * @param trainSamples samples trained on (after {@code fraction})
 * @param valSamples samples validated on
 * @param skips what the readers left out
 * @param checkpoint the best epoch's weights (safetensors)
 * @param metrics the metrics.json written
 * @param robustness the best model's scores under the job's corruptions, or null if none were
 *     asked for
 */
public record FinetuneResult(String task, String format, List<String> classes, int bestEpoch,
    TaskScores best, List<EpochRecord> history, int trainSamples, int valSamples,
    SkippedFiles skips, Path checkpoint, Path metrics,
    @Nullable RobustnessScores robustness) {
  public FinetuneResult {
    classes = List.copyOf(classes);
    history = List.copyOf(history);
  }
}
