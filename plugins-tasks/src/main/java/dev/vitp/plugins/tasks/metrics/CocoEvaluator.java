package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.task.TaskBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * COCO-style box AP, following pycocotools' {@code COCOeval} step by step: per image and class,
 * detections sorted by score (stable) and cut to the largest maxDets, greedy matching at each IoU
 * threshold in {@code .50:.05:.95} that prefers unignored truth, truth outside the area range (or
 * {@code difficult}) ignored, unmatched detections outside the area range ignored; then per class
 * the precision envelope sampled at 101 recall points, averaged over thresholds and classes that
 * have truth. IoU is COCO's box IoU, or polygon IoU for oriented boxes ({@code rotated}).
 * Undefined results (no truth anywhere) are {@code -1}, as in pycocotools.
 */
public final class CocoEvaluator {
  /** Area ranges in pixels² of the original image: all, small, medium, large. */
  public static final double[][] AREA_RANGES = {
      {0, 1e10}, {0, 32.0 * 32}, {32.0 * 32, 96.0 * 96}, {96.0 * 96, 1e10}};
  public static final String[] AREA_NAMES = {"all", "small", "medium", "large"};
  public static final int[] MAX_DETS = {1, 10, 100};

  private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
  private static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);

  /** The averages COCOeval prints, plus AP per class at IoU .50:.95 (NaN for classes without truth). */
  public record Result(double ap, double ap50, double ap75, double apSmall, double apMedium,
      double apLarge, double ar1, double ar10, double ar100, double arSmall, double arMedium,
      double arLarge, double[] perClassAp) {}

  private record Image(List<TaskBox> truth, List<TaskBox> detections) {}

  /** One image × class × area range result of {@code evaluateImg}. */
  private record ImageEval(double[] scores, boolean[][] matched, boolean[][] ignoredDet,
      boolean[] ignoredTruth) {}

  private final int classes;
  private final boolean rotated;
  private final List<Image> images = new ArrayList<>();

  /**
   * @param classes number of classes (box {@code cls} in {@code [0, classes)})
   * @param rotated whether IoU is polygon IoU (oriented boxes) rather than COCO's box IoU
   */
  public CocoEvaluator(int classes, boolean rotated) {
    if (classes < 1) {
      throw VitpException.userError("Expected at least one class. Received: classes=" + classes);
    }
    this.classes = classes;
    this.rotated = rotated;
  }

  /** The IoU thresholds .50:.05:.95 exactly as numpy's linspace makes them. */
  public static double[] iouThresholds() {
    return IOU_THRESHOLDS.clone();
  }

  /**
   * Adds one image: its truth (difficult boxes are ignored: matching them costs nothing and gains
   * nothing) and its scored detections, in the same coordinates.
   */
  public void addImage(List<TaskBox> truth, List<TaskBox> detections) {
    for (TaskBox b : truth) {
      checkClass(b);
    }
    for (TaskBox b : detections) {
      checkClass(b);
    }
    images.add(new Image(List.copyOf(truth), List.copyOf(detections)));
  }

  private void checkClass(TaskBox b) {
    if (b.cls() >= classes) {
      throw VitpException.userError("Expected box classes in [0, " + classes + "). Received: "
          + b);
    }
  }

  public int imageCount() {
    return images.size();
  }

  public Result evaluate() {
    int t = IOU_THRESHOLDS.length;
    int r = RECALL_THRESHOLDS.length;
    int a = AREA_RANGES.length;
    int m = MAX_DETS.length;
    int maxDet = MAX_DETS[m - 1];
    // precision[t][r][k][a][m], recall[t][k][a][m]
    double[][][][][] precision = new double[t][r][classes][a][m];
    double[][][][] recall = new double[t][classes][a][m];
    for (double[][][][] x : precision) {
      for (double[][][] y : x) {
        for (double[][] z : y) {
          for (double[] w : z) {
            Arrays.fill(w, -1);
          }
        }
      }
    }
    for (double[][][] x : recall) {
      for (double[][] y : x) {
        for (double[] z : y) {
          Arrays.fill(z, -1);
        }
      }
    }
    for (int k = 0; k < classes; k++) {
      List<List<TaskBox>> gts = new ArrayList<>();
      List<List<TaskBox>> dts = new ArrayList<>();
      List<double[][]> ious = new ArrayList<>();
      for (Image img : images) {
        List<TaskBox> g = ofClass(img.truth(), k);
        List<TaskBox> d = ofClass(img.detections(), k);
        // computeIoU: detections by score (stable), cut to maxDets[-1]
        d = sortedByScore(d);
        if (d.size() > maxDet) {
          d = d.subList(0, maxDet);
        }
        gts.add(g);
        dts.add(d);
        ious.add(iouMatrix(d, g));
      }
      for (int ai = 0; ai < a; ai++) {
        List<ImageEval> evals = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
          ImageEval e = evaluateImage(gts.get(i), dts.get(i), ious.get(i), AREA_RANGES[ai], maxDet);
          if (e != null) {
            evals.add(e);
          }
        }
        for (int mi = 0; mi < m; mi++) {
          accumulate(evals, MAX_DETS[mi], k, ai, mi, precision, recall);
        }
      }
    }
    int all = 0;
    int last = m - 1;
    double[] perClass = new double[classes];
    for (int k = 0; k < classes; k++) {
      double sum = 0;
      int n = 0;
      for (int ti = 0; ti < t; ti++) {
        for (int ri = 0; ri < r; ri++) {
          double v = precision[ti][ri][k][all][last];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
      perClass[k] = n == 0 ? Double.NaN : sum / n;
    }
    return new Result(
        summarizePrecision(precision, -1, 0, last),
        summarizePrecision(precision, 0, 0, last),
        summarizePrecision(precision, 5, 0, last),
        summarizePrecision(precision, -1, 1, last),
        summarizePrecision(precision, -1, 2, last),
        summarizePrecision(precision, -1, 3, last),
        summarizeRecall(recall, 0, 0),
        summarizeRecall(recall, 0, 1),
        summarizeRecall(recall, 0, last),
        summarizeRecall(recall, 1, last),
        summarizeRecall(recall, 2, last),
        summarizeRecall(recall, 3, last),
        perClass);
  }

  private double[][] iouMatrix(List<TaskBox> d, List<TaskBox> g) {
    double[][] out = new double[d.size()][g.size()];
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < g.size(); j++) {
        out[i][j] = rotated ? Polygons.iou(d.get(i), g.get(j)) : Polygons.boxIou(d.get(i), g.get(j));
      }
    }
    return out;
  }

  private double area(TaskBox b) {
    return rotated ? Polygons.area(b) : (double) b.width() * b.height();
  }

  /** pycocotools' evaluateImg for one image, class and area range; null when there is nothing. */
  private ImageEval evaluateImage(List<TaskBox> gt, List<TaskBox> dt, double[][] iou,
      double[] range, int maxDet) {
    if (gt.isEmpty() && dt.isEmpty()) {
      return null;
    }
    int ng = gt.size();
    boolean[] ignore = new boolean[ng];
    for (int j = 0; j < ng; j++) {
      double ar = area(gt.get(j));
      ignore[j] = gt.get(j).difficult() || ar < range[0] || ar > range[1];
    }
    // Unignored truth first (stable).
    Integer[] gOrder = new Integer[ng];
    for (int j = 0; j < ng; j++) {
      gOrder[j] = j;
    }
    Arrays.sort(gOrder, Comparator.comparingInt(j -> ignore[j] ? 1 : 0));
    boolean[] gIgnore = new boolean[ng];
    for (int j = 0; j < ng; j++) {
      gIgnore[j] = ignore[gOrder[j]];
    }
    int nd = Math.min(dt.size(), maxDet); // dt is already sorted by score
    int nt = IOU_THRESHOLDS.length;
    boolean[][] gtMatched = new boolean[nt][ng];
    boolean[][] dtMatched = new boolean[nt][nd];
    boolean[][] dtIgnore = new boolean[nt][nd];
    for (int ti = 0; ti < nt; ti++) {
      for (int di = 0; di < nd; di++) {
        double best = Math.min(IOU_THRESHOLDS[ti], 1 - 1e-10);
        int match = -1;
        for (int gj = 0; gj < ng; gj++) {
          if (gtMatched[ti][gj]) {
            continue; // no crowd truth here: each truth matches once
          }
          if (match > -1 && !gIgnore[match] && gIgnore[gj]) {
            break;
          }
          double v = iou[di][gOrder[gj]];
          if (v < best) {
            continue;
          }
          best = v;
          match = gj;
        }
        if (match == -1) {
          continue;
        }
        dtIgnore[ti][di] = gIgnore[match];
        dtMatched[ti][di] = true;
        gtMatched[ti][match] = true;
      }
    }
    double[] scores = new double[nd];
    for (int di = 0; di < nd; di++) {
      TaskBox d = dt.get(di);
      scores[di] = d.score();
      double ar = area(d);
      boolean outside = ar < range[0] || ar > range[1];
      for (int ti = 0; ti < nt; ti++) {
        dtIgnore[ti][di] |= !dtMatched[ti][di] && outside;
      }
    }
    return new ImageEval(scores, dtMatched, dtIgnore, gIgnore);
  }

  /** pycocotools' accumulate for one class, area range and maxDets. */
  private static void accumulate(List<ImageEval> evals, int maxDet, int k, int a, int m,
      double[][][][][] precision, double[][][][] recall) {
    if (evals.isEmpty()) {
      return;
    }
    int total = 0;
    for (ImageEval e : evals) {
      total += Math.min(maxDet, e.scores().length);
    }
    double[] scores = new double[total];
    int nt = IOU_THRESHOLDS.length;
    boolean[][] matched = new boolean[nt][total];
    boolean[][] ignored = new boolean[nt][total];
    int at = 0;
    int npig = 0;
    for (ImageEval e : evals) {
      int n = Math.min(maxDet, e.scores().length);
      System.arraycopy(e.scores(), 0, scores, at, n);
      for (int ti = 0; ti < nt; ti++) {
        System.arraycopy(e.matched()[ti], 0, matched[ti], at, n);
        System.arraycopy(e.ignoredDet()[ti], 0, ignored[ti], at, n);
      }
      at += n;
      for (boolean ig : e.ignoredTruth()) {
        if (!ig) {
          npig++;
        }
      }
    }
    if (npig == 0) {
      return;
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x])); // stable, like mergesort
    int nr = RECALL_THRESHOLDS.length;
    for (int ti = 0; ti < nt; ti++) {
      double[] rc = new double[total];
      double[] pr = new double[total];
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < total; i++) {
        int d = order[i];
        boolean ig = ignored[ti][d];
        if (matched[ti][d] && !ig) {
          tp++;
        } else if (!matched[ti][d] && !ig) {
          fp++;
        }
        rc[i] = tp / npig;
        pr[i] = tp / (fp + tp + Math.ulp(1.0));
      }
      recall[ti][k][a][m] = total > 0 ? rc[total - 1] : 0;
      for (int i = total - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      for (int ri = 0; ri < nr; ri++) {
        int idx = searchLeft(rc, RECALL_THRESHOLDS[ri]);
        precision[ti][ri][k][a][m] = idx < total ? pr[idx] : 0;
      }
    }
  }

  /** numpy's searchsorted(side='left'): the first index with {@code sorted[i] >= value}. */
  private static int searchLeft(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private double summarizePrecision(double[][][][][] precision, int threshold, int a, int m) {
    double sum = 0;
    int n = 0;
    for (int ti = 0; ti < IOU_THRESHOLDS.length; ti++) {
      if (threshold >= 0 && ti != threshold) {
        continue;
      }
      for (double[][][] byClass : precision[ti]) {
        for (int k = 0; k < classes; k++) {
          double v = byClass[k][a][m];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  private double summarizeRecall(double[][][][] recall, int a, int m) {
    double sum = 0;
    int n = 0;
    for (double[][][] byThreshold : recall) {
      for (int k = 0; k < classes; k++) {
        double v = byThreshold[k][a][m];
        if (v > -1) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  private static List<TaskBox> ofClass(List<TaskBox> boxes, int k) {
    List<TaskBox> out = new ArrayList<>();
    for (TaskBox b : boxes) {
      if (b.cls() == k) {
        out.add(b);
      }
    }
    return out;
  }

  private static List<TaskBox> sortedByScore(List<TaskBox> boxes) {
    List<TaskBox> sorted = new ArrayList<>(boxes);
    sorted.sort((x, y) -> Float.compare(y.score(), x.score())); // List.sort is stable
    return sorted;
  }

  /** numpy.linspace(start, stop, num) with endpoint, value for value. */
  private static double[] linspace(double start, double stop, int num) {
    double[] out = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      out[i] = i * step + start;
    }
    out[num - 1] = stop;
    return out;
  }
}
