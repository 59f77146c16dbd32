package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.task.TaskBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PASCAL VOC average precision at one IoU threshold, as DOTA's devkit ({@code
 * dota_evaluation_task1.py}, {@code voc_eval}) computes it: per class, every detection of every
 * image sorted by score (stable); a detection whose best IoU with that image's truth of its
 * class is above the threshold ({@code > 0.5}, strictly) is a true positive if that truth is not
 * taken yet, a false positive if it is, and neither when the truth is {@code difficult};
 * anything else is a false positive. Recall counts the non-difficult truth. AP is the {@code 07}
 * 11-point interpolation (mean of the best precision at recall ≥ 0, 0.1, …, 1) or the {@code 12}
 * all-point area under the precision envelope. mAP averages the classes that have non-difficult
 * truth (as mmdet's and mmrotate's {@code eval_map} do; the devkit's list is fixed).
 */
public final class VocAp {
  /** AP per class (NaN where a class has no non-difficult truth) and their means. */
  public record Result(double map07, double map12, double[] ap07, double[] ap12) {}

  private record Image(List<TaskBox> truth, List<TaskBox> detections) {}

  private final int classes;
  private final boolean rotated;
  private final double threshold;
  private final List<Image> images = new ArrayList<>();

  /**
   * @param classes number of classes
   * @param rotated polygon IoU (oriented boxes) rather than horizontal box IoU
   * @param threshold the IoU a match must exceed, 0.5 for VOC and DOTA
   */
  public VocAp(int classes, boolean rotated, double threshold) {
    if (classes < 1 || !(threshold >= 0 && threshold < 1)) {
      throw VitpException.userError("Expected classes >= 1 and 0 <= threshold < 1. Received: "
          + "classes=" + classes + ", threshold=" + threshold);
    }
    this.classes = classes;
    this.rotated = rotated;
    this.threshold = threshold;
  }

  /** Adds one image's truth and scored detections, in the same coordinates. */
  public void addImage(List<TaskBox> truth, List<TaskBox> detections) {
    images.add(new Image(List.copyOf(truth), List.copyOf(detections)));
  }

  public Result evaluate() {
    double[] ap07 = new double[classes];
    double[] ap12 = new double[classes];
    double sum07 = 0;
    double sum12 = 0;
    int counted = 0;
    for (int k = 0; k < classes; k++) {
      double[][] pr = precisionRecall(k);
      if (pr == null) {
        ap07[k] = Double.NaN;
        ap12[k] = Double.NaN;
        continue;
      }
      ap07[k] = ap07(pr[0], pr[1]);
      ap12[k] = ap12(pr[0], pr[1]);
      sum07 += ap07[k];
      sum12 += ap12[k];
      counted++;
    }
    return new Result(counted == 0 ? Double.NaN : sum07 / counted,
        counted == 0 ? Double.NaN : sum12 / counted, ap07, ap12);
  }

  /** {precision, recall} over the score-sorted detections of class k, or null without truth. */
  private double[] @org.jspecify.annotations.Nullable [] precisionRecall(int k) {
    List<List<TaskBox>> truth = new ArrayList<>();
    List<boolean[]> taken = new ArrayList<>();
    List<int[]> dets = new ArrayList<>(); // {image, index}
    List<TaskBox> detBoxes = new ArrayList<>();
    int positives = 0;
    for (int i = 0; i < images.size(); i++) {
      List<TaskBox> g = new ArrayList<>();
      for (TaskBox b : images.get(i).truth()) {
        if (b.cls() == k) {
          g.add(b);
          if (!b.difficult()) {
            positives++;
          }
        }
      }
      truth.add(g);
      taken.add(new boolean[g.size()]);
      for (TaskBox d : images.get(i).detections()) {
        if (d.cls() == k) {
          dets.add(new int[] {i, detBoxes.size()});
          detBoxes.add(d);
        }
      }
    }
    if (positives == 0) {
      return null;
    }
    Integer[] order = new Integer[dets.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // numpy's argsort(-confidence) in the devkit; a stable sort keeps ties in input order
    Arrays.sort(order, (a, b) -> Float.compare(detBoxes.get(b).score(), detBoxes.get(a).score()));
    int n = order.length;
    double[] precision = new double[n];
    double[] recall = new double[n];
    double tp = 0;
    double fp = 0;
    for (int r = 0; r < n; r++) {
      int d = order[r];
      int image = dets.get(d)[0];
      TaskBox det = detBoxes.get(d);
      List<TaskBox> g = truth.get(image);
      double best = Double.NEGATIVE_INFINITY;
      int match = -1;
      for (int j = 0; j < g.size(); j++) {
        double iou = rotated ? Polygons.iou(det, g.get(j)) : Polygons.boxIou(det, g.get(j));
        if (iou > best) {
          best = iou;
          match = j;
        }
      }
      if (match >= 0 && best > threshold) {
        if (!g.get(match).difficult()) {
          if (!taken.get(image)[match]) {
            tp++;
            taken.get(image)[match] = true;
          } else {
            fp++;
          }
        }
      } else {
        fp++;
      }
      recall[r] = tp / positives;
      precision[r] = tp / Math.max(tp + fp, Math.ulp(1.0));
    }
    return new double[][] {precision, recall};
  }

  /** VOC2007's 11-point AP: the mean over t in 0, 0.1, …, 1 of max(precision[recall ≥ t]). */
  static double ap07(double[] precision, double[] recall) {
    double ap = 0;
    for (int i = 0; i <= 10; i++) {
      double t = i * 0.1; // numpy's arange(0., 1.1, 0.1): 0.30000000000000004, not 0.3
      double p = 0;
      for (int r = 0; r < recall.length; r++) {
        if (recall[r] >= t) {
          p = Math.max(p, precision[r]);
        }
      }
      ap += p / 11;
    }
    return ap;
  }

  /** VOC2010+ all-point AP: the area under the precision envelope, over recall 0 to 1. */
  static double ap12(double[] precision, double[] recall) {
    int n = recall.length;
    double[] mrec = new double[n + 2];
    double[] mpre = new double[n + 2];
    mrec[n + 1] = 1;
    System.arraycopy(recall, 0, mrec, 1, n);
    System.arraycopy(precision, 0, mpre, 1, n);
    for (int i = n; i >= 1; i--) {
      mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
    }
    double ap = 0;
    for (int i = 1; i < n + 2; i++) {
      if (mrec[i] != mrec[i - 1]) {
        ap += (mrec[i] - mrec[i - 1]) * mpre[i];
      }
    }
    return ap;
  }
}
