package dev.vitp.cli.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.compare.CompareReport;
import dev.vitp.cli.compare.SeedStatistics;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.io.SafeTensors;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/**
 * The demo's results: a console table, {@code report.json}, {@code report.md} and two PNG charts
 * (pretraining loss curves; downstream means with std error bars) drawn with JFreeChart. The
 * downstream numbers are the comparison's ({@link CompareReport}); report.json keeps them as
 * {@code tasks.<task>.<start> = {mean, std, values}}.
 */
public final class DemoReport {
  /**
   * One pretraining run: budget, speed, final loss, its loss curve, and how much its answers
   * depend on the image ({@code vitp pretrain}'s image_reliance.json; null where the run wrote
   * none, as an MAE run does).
   */
  public record Pretrain(@JsonProperty("steps") long steps, @JsonProperty("seconds") double seconds,
      @JsonProperty("images_per_s") double imagesPerSecond,
      @JsonProperty("final_loss") double finalLoss,
      @JsonProperty("image_reliance_gap") @Nullable Double imageRelianceGap,
      @com.fasterxml.jackson.annotation.JsonIgnore List<Double> lossCurve) {}

  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728)};

  private final String budget;
  private final Map<String, Pretrain> pretrain;
  private final CompareReport comparison;
  private final double minutes;

  public DemoReport(String budget, Map<String, Pretrain> pretrain, CompareReport comparison,
      double minutes) {
    this.budget = budget;
    this.pretrain = new LinkedHashMap<>(pretrain);
    this.comparison = comparison;
    this.minutes = minutes;
  }

  /** The comparison table printed at the end of the demo: mean ± std over seeds per start. */
  public String table() {
    List<String> starts = comparison.plan().starts().stream().map(s -> s.name()).toList();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %-17s | %-9s |", "task",
        "metric"));
    StringBuilder rule = new StringBuilder("|-------------------|-----------|");
    for (String s : starts) {
      b.append(String.format(Locale.ROOT, " %-17s |", s));
      rule.append("-------------------|");
    }
    b.append('\n').append(rule).append('\n');
    for (var e : comparison.tasks().entrySet()) {
      b.append(String.format(Locale.ROOT, "| %-17s | %-9s |", e.getKey(),
          e.getValue().metric()));
      for (String s : starts) {
        SeedStatistics.Summary m = e.getValue().starts().get(s).summary();
        b.append(m.std() == null ? String.format(Locale.ROOT, " %17.4f |", m.mean())
            : String.format(Locale.ROOT, " %8.4f ± %6.4f |", m.mean(), m.std()));
      }
      b.append('\n');
    }
    b.append(String.format(Locale.ROOT, "(mean ± sample std over %d fine-tuning seeds %s)%n",
        comparison.plan().seeds().size(), comparison.plan().seeds()));
    return b.toString();
  }

  /** report.json's tree. */
  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("pretrain", pretrain);
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (var task : comparison.tasks().entrySet()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("metric", task.getValue().metric());
      for (var start : task.getValue().starts().entrySet()) {
        CompareReport.StartResult r = start.getValue();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", r.summary().mean());
        s.put("std", r.summary().std());
        s.put("values", r.values());
        SeedStatistics.Paired p = r.vsReference();
        if (p != null) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("mean", p.mean());
          d.put("ci95_low", p.ciLow());
          d.put("ci95_high", p.ciHigh());
          d.put("reference_ahead", p.referenceAhead());
          d.put("start_ahead", p.startAhead());
          s.put(comparison.plan().reference() + "_minus_start", d);
        }
        t.put(start.getKey(), s);
      }
      tasks.put(task.getKey(), t);
    }
    root.put("tasks", tasks);
    root.put("seeds", comparison.plan().seeds());
    root.put("budget", budget);
    root.put("data", "synthetic remote-sensing domain generated by vitp (not real imagery)");
    root.put("fine_tune_seconds_total", comparison.fineTuneSeconds());
    root.put("minutes", minutes);
    root.put("comparison", "compare/compare.json (every fine-tune under compare/<task>/<start>/)");
    return root;
  }

  /** Writes report.json, report.md, pretrain_loss.png and downstream.png into {@code dir}. */
  public void write(Path dir, ObjectMapper json) {
    try {
      SafeTensors.writeAtomically(dir.resolve("report.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    } catch (IOException e) {
      throw VitpException.internal("Could not serialise the report: " + e);
    }
    SafeTensors.writeAtomically(dir.resolve("report.md"),
        markdown().getBytes(StandardCharsets.UTF_8));
    CompareReport.savePng(lossChart(), dir.resolve("pretrain_loss.png"));
    CompareReport.savePng(comparison.chart(), dir.resolve("downstream.png"));
  }

  String markdown() {
    StringBuilder b = new StringBuilder("# vitp demo: ViTP on the synthetic remote-sensing domain\n\n");
    b.append("All numbers come from **synthetic data** generated by `vitp generate` with fixed "
        + "seeds, at a budget small enough for 2 CPU cores. They show the method's mechanics, not "
        + "the paper's figures. Nothing is tuned per start: every start gets the same recipe, and "
        + "every pretraining run the same images, steps and batch.\n\n");
    b.append("**Budget:** ").append(budget).append(String.format(Locale.ROOT,
        ". The demo took %.1f min.%n%n## Pretraining%n%n", minutes));
    b.append("| run | steps | seconds | images/s | final loss | image reliance gap |\n"
        + "|---|---|---|---|---|---|\n");
    for (var e : pretrain.entrySet()) {
      Pretrain p = e.getValue();
      b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.4f | %s |%n", e.getKey(),
          p.steps(), p.seconds(), p.imagesPerSecond(), p.finalLoss(),
          p.imageRelianceGap() == null ? "— (not measured)"
              : String.format(Locale.ROOT, "%.4f", p.imageRelianceGap())));
    }
    b.append("\nFinal loss is each run's own objective (answer tokens for ViTP, masked patches for "
        + "MAE), so losses compare only within an objective. Image reliance gap: how much the "
        + "answer loss rises when every image is swapped for another sample's. It is the signal "
        + "the ViT learns from; while it is small the decoder answers from text priors and the "
        + "ViT has learnt little. Only instruction pretraining measures it.\n");
    b.append("\n![pretraining loss](pretrain_loss.png)\n\n## Downstream (limited labels)\n\n");
    b.append(table()).append('\n');
    b.append(comparison.markdownSummary());
    b.append("Differences are ").append(comparison.plan().reference()).append(" − start at the "
        + "same fine-tuning seed: mean with a two-sided 95 % Student-t interval over the seeds. "
        + "Each fine-tune's files are under compare/; compare/compare.md has the same tables.\n");
    b.append("\n![downstream metrics](downstream.png)\n");
    return b.toString();
  }

  private JFreeChart lossChart() {
    XYSeriesCollection data = new XYSeriesCollection();
    for (var e : pretrain.entrySet()) {
      XYSeries series = new XYSeries(e.getKey());
      List<Double> curve = e.getValue().lossCurve();
      for (int i = 0; i < curve.size(); i++) {
        series.add(i + 1, curve.get(i));
      }
      data.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Pretraining loss (each run's objective)",
        "step", "loss", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < COLORS.length; i++) {
      renderer.setSeriesPaint(i, COLORS[i]);
    }
    renderer.setDefaultStroke(new BasicStroke(1.5f));
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
