package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The change class's {@code f1} (primary), {@code iou}, {@code precision} and {@code recall}, as
 * change-detection papers report them, plus pixel {@code accuracy} and {@code miou} over both
 * classes. A ratio with a zero denominator (no change predicted, or none present) counts as 0.
 */
public final class ChangeDetectionMetrics implements TaskMetrics {
  /** Class id of "change" in change masks. */
  public static final int CHANGE = 1;

  private final List<String> classes;
  private final ConfusionMatrix matrix;

  public ChangeDetectionMetrics(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.matrix = new ConfusionMatrix(classes.size(), TaskSample.IGNORE);
  }

  @Override
  public void add(TaskSample truth, TaskPrediction prediction) {
    matrix.add(SegmentationMetrics.truthPixels(truth, prediction),
        SegmentationMetrics.predictedPixels(prediction));
  }

  public ConfusionMatrix matrix() {
    return matrix;
  }

  @Override
  public TaskScores compute() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("f1", Scores.orElse(matrix.f1(CHANGE), 0));
    values.put("iou", Scores.orElse(matrix.iou(CHANGE), 0));
    values.put("precision", Scores.orElse(matrix.precision(CHANGE), 0));
    values.put("recall", Scores.orElse(matrix.recall(CHANGE), 0));
    values.put("accuracy", Scores.orElse(matrix.accuracy(), 0));
    values.put("miou", Scores.orElse(matrix.meanIou(), 0));
    return new TaskScores(values, Map.of("iou", Scores.perClass(classes, matrix::iou)), "f1");
  }
}
