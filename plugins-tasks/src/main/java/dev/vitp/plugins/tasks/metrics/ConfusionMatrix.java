package dev.vitp.plugins.tasks.metrics;

import dev.vitp.spi.VitpException;

/**
 * Counts of (truth, prediction) pairs over {@code K} classes; truth equal to the ignore index is
 * left out. Per-class ratios whose denominator is zero are {@code NaN} ("undefined"), and the
 * means skip them, as mmsegmentation's {@code nanmean} does.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final int ignoreIndex;
  private final long[] counts;

  public ConfusionMatrix(int classes, int ignoreIndex) {
    if (classes < 1) {
      throw VitpException.userError("Expected at least one class. Received: classes=" + classes);
    }
    this.classes = classes;
    this.ignoreIndex = ignoreIndex;
    this.counts = new long[classes * classes];
  }

  public int classes() {
    return classes;
  }

  /** Adds one pair; truth equal to the ignore index is skipped. */
  public void add(int truth, int prediction) {
    if (truth == ignoreIndex) {
      return;
    }
    if (truth < 0 || truth >= classes || prediction < 0 || prediction >= classes) {
      throw VitpException.userError("Expected truth and prediction in [0, " + classes + ") or truth "
          + "= ignore index " + ignoreIndex + ". Received: truth=" + truth + ", prediction="
          + prediction);
    }
    counts[truth * classes + prediction]++;
  }

  /** Adds aligned arrays of truth and prediction (e.g. two masks). */
  public void add(int[] truth, int[] prediction) {
    if (truth.length != prediction.length) {
      throw VitpException.userError("Expected truth and prediction of the same length. Received: "
          + "truth=" + truth.length + ", prediction=" + prediction.length);
    }
    for (int i = 0; i < truth.length; i++) {
      add(truth[i], prediction[i]);
    }
  }

  /** Pairs with this truth and this prediction. */
  public long count(int truth, int prediction) {
    return counts[truth * classes + prediction];
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public long truePositives(int c) {
    return count(c, c);
  }

  /** Pairs whose truth is {@code c}. */
  public long truthCount(int c) {
    long n = 0;
    for (int p = 0; p < classes; p++) {
      n += count(c, p);
    }
    return n;
  }

  /** Pairs predicted as {@code c}. */
  public long predictedCount(int c) {
    long n = 0;
    for (int t = 0; t < classes; t++) {
      n += count(t, c);
    }
    return n;
  }

  /** Overall accuracy (pixel accuracy, top-1 accuracy); NaN when empty. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += truePositives(c);
    }
    return ratio(correct, total());
  }

  /** Recall of class {@code c} (per-class accuracy). */
  public double recall(int c) {
    return ratio(truePositives(c), truthCount(c));
  }

  public double precision(int c) {
    return ratio(truePositives(c), predictedCount(c));
  }

  /** Intersection over union of class {@code c}: TP / (TP + FP + FN). */
  public double iou(int c) {
    return ratio(truePositives(c), truthCount(c) + predictedCount(c) - truePositives(c));
  }

  /** Dice of class {@code c}: 2 TP / (2 TP + FP + FN). */
  public double dice(int c) {
    return ratio(2 * truePositives(c), truthCount(c) + predictedCount(c));
  }

  /**
   * F1 of class {@code c}, the harmonic mean of precision and recall. Equals {@link #dice(int)}
   * except that it is NaN when precision or recall is undefined, and 0 when both are 0.
   */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    if (Double.isNaN(p) || Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double meanIou() {
    return nanMean(this::iou);
  }

  public double meanDice() {
    return nanMean(this::dice);
  }

  /** Mean of the per-class recalls (mean class accuracy). */
  public double meanRecall() {
    return nanMean(this::recall);
  }

  private double nanMean(java.util.function.IntToDoubleFunction f) {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      double v = f.applyAsDouble(c);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
