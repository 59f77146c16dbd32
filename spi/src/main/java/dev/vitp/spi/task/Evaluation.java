package dev.vitp.spi.task;

import java.util.List;

/**
 * The scores of one evaluation ({@link FinetuneRecipe#evaluate}).
 *
 * @param task the task's name, e.g. {@code detection}
 * @param format the dataset format the truth was read as, e.g. {@code dota}
 * @param classes class names, index = class id
 * @param samples how many samples (images, or slices of volumes) were scored
 * @param scores the metrics, the same the fine-tuning's validation reports
 * @param skips the files the reader left out
 */
public record Evaluation(String task, String format, List<String> classes, int samples,
    TaskScores scores, SkippedFiles skips) {
  public Evaluation {
    classes = List.copyOf(classes);
  }
}
