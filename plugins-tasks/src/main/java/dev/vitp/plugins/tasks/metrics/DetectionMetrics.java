package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskMetrics;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.spi.task.TaskScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * COCO-style detection metrics ({@link CocoEvaluator}) in the original images' pixels, so that the
 * small/medium/large area ranges mean what they mean in COCO: {@code ap} (AP@[.50:.95], primary),
 * {@code ap50}, {@code ap75}, {@code ap_small}/{@code ap_medium}/{@code ap_large}, {@code ar100},
 * and AP per class. Oriented truth is scored with rotated (polygon) IoU, and also as DOTA's devkit
 * scores it ({@link VocAp}): VOC mAP at IoU &gt; 0.5, {@code map50_voc07} (11-point) and {@code
 * map50_voc12} (all-point), with per-class {@code ap50_voc07}/{@code ap50_voc12}.
 */
public final class DetectionMetrics implements TaskMetrics {
  private final List<String> classes;
  private final CocoEvaluator evaluator;
  private final @Nullable VocAp voc;

  public DetectionMetrics(List<String> classes, boolean rotated) {
    this.classes = List.copyOf(classes);
    this.evaluator = new CocoEvaluator(classes.size(), rotated);
    this.voc = rotated ? new VocAp(classes.size(), true, 0.5) : null;
  }

  @Override
  public void add(TaskSample truth, TaskPrediction prediction) {
    float sx = truth.scaleX();
    float sy = truth.scaleY();
    addImage(scaled(truth.boxes(), sx, sy), scaled(prediction.boxes(), sx, sy));
  }

  /** Adds one image's truth and scored detections, both in the original image's pixels. */
  public void addImage(List<TaskBox> truth, List<TaskBox> detections) {
    evaluator.addImage(truth, detections);
    if (voc != null) {
      voc.addImage(truth, detections);
    }
  }

  private static List<TaskBox> scaled(List<TaskBox> boxes, float sx, float sy) {
    List<TaskBox> out = new ArrayList<>(boxes.size());
    for (TaskBox b : boxes) {
      out.add(b.scaled(sx, sy));
    }
    return out;
  }

  @Override
  public TaskScores compute() {
    CocoEvaluator.Result r = evaluator.evaluate();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("ap", Scores.orElse(r.ap(), 0));
    values.put("ap50", Scores.orElse(r.ap50(), 0));
    values.put("ap75", Scores.orElse(r.ap75(), 0));
    Scores.putDefined(values, "ap_small", r.apSmall());
    Scores.putDefined(values, "ap_medium", r.apMedium());
    Scores.putDefined(values, "ap_large", r.apLarge());
    Scores.putDefined(values, "ar100", r.ar100());
    double[] perClass = r.perClassAp();
    Map<String, Map<String, Double>> byClass = new LinkedHashMap<>();
    byClass.put("ap", Scores.perClass(classes, c -> perClass[c]));
    if (voc != null) {
      VocAp.Result v = voc.evaluate();
      values.put("map50_voc07", Scores.orElse(v.map07(), 0));
      values.put("map50_voc12", Scores.orElse(v.map12(), 0));
      byClass.put("ap50_voc07", Scores.perClass(classes, c -> v.ap07()[c]));
      byClass.put("ap50_voc12", Scores.perClass(classes, c -> v.ap12()[c]));
    }
    return new TaskScores(values, byClass, "ap");
  }
}
