package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmsegmentation's metrics from one confusion matrix over every evaluated pixel (ignore index
 * 255 left out): {@code miou} (primary; classes absent from both truth and prediction are skipped),
 * pixel {@code accuracy}, {@code mdice}, and per-class IoU and Dice. When class 0 is named {@code
 * background} (the medical sets: BraTS, AMOS, NIfTI label maps), {@code mdice_no_bg} is the mean
 * Dice of the other classes, the figure medical segmentation papers report. Pixels are compared at
 * the original resolution when the sample kept its full mask, else at input resolution.
 */
public final class SegmentationMetrics implements TaskMetrics {
  private final List<String> classes;
  private final ConfusionMatrix matrix;

  public SegmentationMetrics(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.matrix = new ConfusionMatrix(classes.size(), TaskSample.IGNORE);
  }

  @Override
  public void add(TaskSample truth, TaskPrediction prediction) {
    matrix.add(truthPixels(truth, prediction), predictedPixels(prediction));
  }

  static int[] truthPixels(TaskSample truth, TaskPrediction prediction) {
    LabelImage predicted = prediction.mask();
    if (predicted == null) {
      throw VitpException.internal("Expected a predicted mask. Received: none for " + truth.id());
    }
    LabelImage full = truth.fullMask();
    if (full != null && full.width() == predicted.width() && full.height() == predicted.height()) {
      return full.values();
    }
    int[] mask = truth.mask();
    if (mask == null || predicted.width() != truth.size() || predicted.height() != truth.size()) {
      throw VitpException.internal("Expected a truth mask matching the predicted "
          + predicted.width() + "x" + predicted.height() + ". Received: sample " + truth.id());
    }
    return mask;
  }

  static int[] predictedPixels(TaskPrediction prediction) {
    LabelImage predicted = prediction.mask();
    if (predicted == null) {
      throw VitpException.internal("Expected a predicted mask. Received: none");
    }
    return predicted.values();
  }

  public ConfusionMatrix matrix() {
    return matrix;
  }

  @Override
  public TaskScores compute() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("miou", Scores.orElse(matrix.meanIou(), 0));
    values.put("accuracy", Scores.orElse(matrix.accuracy(), 0));
    Scores.putDefined(values, "mdice", matrix.meanDice());
    if (classes.size() > 1 && classes.get(0).equalsIgnoreCase("background")) {
      double sum = 0;
      int n = 0;
      for (int c = 1; c < classes.size(); c++) {
        double d = matrix.dice(c);
        if (!Double.isNaN(d)) {
          sum += d;
          n++;
        }
      }
      if (n > 0) {
        values.put("mdice_no_bg", sum / n);
      }
    }
    Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
    perClass.put("iou", Scores.perClass(classes, matrix::iou));
    perClass.put("dice", Scores.perClass(classes, matrix::dice));
    return new TaskScores(values, perClass, "miou");
  }
}
