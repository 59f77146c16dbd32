package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-1 {@code accuracy} (primary), {@code mean_class_accuracy}, and per-class accuracy (the
 * recall of each class).
 */
public final class ClassificationMetrics implements TaskMetrics {
  private final List<String> classes;
  private final ConfusionMatrix matrix;

  public ClassificationMetrics(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.matrix = new ConfusionMatrix(classes.size(), Integer.MIN_VALUE);
  }

  @Override
  public void add(TaskSample truth, TaskPrediction prediction) {
    matrix.add(truth.label(), prediction.label());
  }

  public ConfusionMatrix matrix() {
    return matrix;
  }

  @Override
  public TaskScores compute() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("accuracy", Scores.orElse(matrix.accuracy(), 0));
    Scores.putDefined(values, "mean_class_accuracy", matrix.meanRecall());
    return new TaskScores(values,
        Map.of("accuracy", Scores.perClass(classes, matrix::recall)), "accuracy");
  }
}
