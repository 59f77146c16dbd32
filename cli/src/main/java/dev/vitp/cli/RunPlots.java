package dev.vitp.cli;

import dev.vitp.api.metrics.EventFileReader;
import dev.vitp.api.metrics.FinetuneRecorder;
import dev.vitp.api.train.MetricsFile;
import dev.vitp.api.metrics.MetricsCsv;
import dev.vitp.cli.charts.Curves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.plot.XYPlot;
import org.jspecify.annotations.Nullable;

/**
 * The PNG a run command draws into its run folder once the facade has returned, from the files
 * the run wrote ({@code metrics.csv}, the TensorBoard events), read back with the api's readers.
 */
final class RunPlots {
  private RunPlots() {}

  /**
   * {@code loss.png}: the training loss per step, raw and smoothed, and the held-out loss where
   * it was measured. Nothing when the run has no rows.
   */
  static @Nullable Path pretrain(Path run) {
    Path csv = run.resolve(MetricsCsv.FILE);
    if (!Files.exists(csv)) {
      return null;
    }
    MetricsCsv.Table table = MetricsCsv.read(csv);
    double[] step = table.numbers("step");
    if (step.length == 0) {
      return null;
    }
    List<Curves.Curve> curves = new ArrayList<>(Curves.rawAndSmoothed("train loss", step,
        table.numbers("loss"), Curves.COLORS[0]));
    double[] val = table.numbers("val_loss");
    if (java.util.Arrays.stream(val).anyMatch(Double::isFinite)) {
      curves.add(new Curves.Curve("held-out loss", step, val, Curves.COLORS[1], false, true));
    }
    Path file = run.resolve(MetricsFile.PLOT);
    Curves.savePng(Curves.chart("Pretraining: " + run.getFileName(), "step",
        List.of(Curves.plot("loss", curves))), file, 900, 500);
    return file;
  }

  /**
   * {@code metrics.png}: above, the training loss per step (from the event files), raw and
   * smoothed; below, each validation metric at the end of its epoch.
   */
  static Path finetune(Path run) {
    List<EventFileReader.Point> loss = EventFileReader.scalars(run, "train/loss");
    double[] x = new double[loss.size()];
    double[] y = new double[loss.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = loss.get(i).step();
      y[i] = loss.get(i).value();
    }
    List<XYPlot> plots = new ArrayList<>();
    plots.add(Curves.plot("training loss",
        Curves.rawAndSmoothed("train loss", x, y, Curves.COLORS[0])));
    Path csv = run.resolve(MetricsCsv.FILE);
    if (Files.exists(csv)) {
      MetricsCsv.Table table = MetricsCsv.read(csv);
      double[] steps = table.numbers("step");
      List<Curves.Curve> metrics = new ArrayList<>();
      for (String column : table.columns()) {
        if (column.startsWith("val_")) {
          metrics.add(new Curves.Curve(column.substring(4), steps, table.numbers(column),
              Curves.COLORS[(1 + metrics.size()) % Curves.COLORS.length], false, true));
        }
      }
      if (!metrics.isEmpty()) {
        plots.add(Curves.plot("validation", metrics));
      }
    }
    Path file = run.resolve(FinetuneRecorder.PLOT);
    Curves.savePng(Curves.chart("Fine-tuning: " + run.getFileName(), "step", plots), file, 900,
        plots.size() == 1 ? 500 : 700);
    return file;
  }
}
