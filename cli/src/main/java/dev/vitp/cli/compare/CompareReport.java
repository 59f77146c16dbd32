package dev.vitp.cli.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import dev.vitp.cli.charts.Curves;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jspecify.annotations.Nullable;

/**
 * The results of a {@link Comparison}: per task and start the scores at every seed, their mean
 * and sample std, the wall time of each fine-tune, and each start's paired difference to the
 * reference start ({@code reference − start}) with a 95 % Student-t interval and the seeds each
 * side won. Written as {@code compare.json}, {@code compare.md} and {@code compare.png} (grouped
 * bars with std error bars, one group per task).
 */
public final class CompareReport {
  /**
   * One start on one task.
   *
   * @param values the metric at each seed, in seed order
   * @param seconds each fine-tune's wall time (null where unknown)
   * @param summary mean and std of {@code values}
   * @param vsReference {@code reference − start}, seed by seed; null for the reference itself
   */
  public record StartResult(List<Double> values, List<@Nullable Double> seconds,
      SeedStatistics.Summary summary, SeedStatistics.@Nullable Paired vsReference) {}

  /**
   * One task.
   *
   * @param metric its headline metric
   * @param starts start name → result, in the plan's order
   */
  public record TaskResult(String metric, Map<String, StartResult> starts) {}

  /** Matplotlib's tab10 palette, readable on white. */
  private static final Color[] COLORS = Curves.COLORS;

  private final Comparison.Plan plan;
  private final Map<String, TaskResult> tasks;

  private CompareReport(Comparison.Plan plan, Map<String, TaskResult> tasks) {
    this.plan = plan;
    this.tasks = tasks;
  }

  /** Computes the statistics of a finished comparison. */
  public static CompareReport of(Comparison.Plan plan,
      Map<String, Map<String, List<Comparison.Cell>>> cells) {
    Map<String, TaskResult> tasks = new LinkedHashMap<>();
    for (var task : cells.entrySet()) {
      List<Double> reference = values(task.getValue().get(plan.reference()));
      Map<String, StartResult> starts = new LinkedHashMap<>();
      for (var start : task.getValue().entrySet()) {
        List<Double> values = values(start.getValue());
        List<@Nullable Double> seconds = new ArrayList<>();
        start.getValue().forEach(c -> seconds.add(c.seconds()));
        starts.put(start.getKey(), new StartResult(values, seconds,
            SeedStatistics.summarize(values), start.getKey().equals(plan.reference()) ? null
                : SeedStatistics.paired(reference, values)));
      }
      tasks.put(task.getKey(), new TaskResult(Comparison.TASKS.get(task.getKey()).metric(),
          starts));
    }
    return new CompareReport(plan, tasks);
  }

  private static List<Double> values(List<Comparison.Cell> cells) {
    return cells.stream().map(Comparison.Cell::value).toList();
  }

  public Map<String, TaskResult> tasks() {
    return tasks;
  }

  public Comparison.Plan plan() {
    return plan;
  }

  /** The sum of the fine-tunes' wall times that are known. */
  public double fineTuneSeconds() {
    return tasks.values().stream().flatMap(t -> t.starts().values().stream())
        .flatMap(s -> s.seconds().stream()).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).sum();
  }

  /** compare.json's tree. */
  public Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("reference", plan.reference());
    root.put("seeds", plan.seeds());
    root.put("confidence", SeedStatistics.CONFIDENCE);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("data", plan.data().toString());
    settings.put("fraction", plan.fraction());
    settings.put("epochs", plan.epochs());
    settings.put("backend", plan.backend());
    settings.put("scored", plan.epochs() == null ? "finetune's default validation schedule"
        : "once, after the last epoch");
    root.put("settings", settings);
    Map<String, String> starts = new LinkedHashMap<>();
    plan.starts().forEach(s -> starts.put(s.name(), s.backbone()));
    root.put("starts", starts);
    Map<String, Object> taskTree = new LinkedHashMap<>();
    for (var task : tasks.entrySet()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("metric", task.getValue().metric());
      t.put("data", Comparison.taskData(plan, Comparison.TASKS.get(task.getKey())).toString());
      Map<String, Object> byStart = new LinkedHashMap<>();
      for (var start : task.getValue().starts().entrySet()) {
        StartResult r = start.getValue();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", r.summary().mean());
        s.put("std", r.summary().std());
        s.put("n", r.summary().n());
        s.put("values", r.values());
        s.put("seconds", r.seconds());
        SeedStatistics.Paired p = r.vsReference();
        if (p != null) {
          s.put("wins", p.startAhead());
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("difference", plan.reference() + " - " + start.getKey());
          d.put("mean", p.mean());
          d.put("std", p.std());
          d.put("ci95_low", p.ciLow());
          d.put("ci95_high", p.ciHigh());
          d.put("reference_ahead", p.referenceAhead());
          d.put("start_ahead", p.startAhead());
          d.put("ties", p.ties());
          s.put("vs_reference", d);
        }
        byStart.put(start.getKey(), s);
      }
      t.put("starts", byStart);
      taskTree.put(task.getKey(), t);
    }
    root.put("tasks", taskTree);
    root.put("fine_tune_seconds_total", fineTuneSeconds());
    List<String> notes = new ArrayList<>();
    notes.add("std is the sample standard deviation (n - 1) over seeds; ci95 is the two-sided "
        + "95 % Student-t interval of the mean paired difference (n - 1 degrees of freedom); "
        + "wins counts the seeds where a start scored higher than the reference at the same seed");
    if (plan.seeds().size() < 2) {
      notes.add("one seed: std and the intervals need at least two seeds and are null");
    }
    root.put("notes", notes);
    return root;
  }

  /** Writes compare.json, compare.md and compare.png into {@code dir}. */
  public void write(Path dir, ObjectMapper json) {
    try {
      AtomicFiles.write(dir.resolve("compare.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    } catch (IOException e) {
      throw VitpException.internal("Could not serialise the comparison: " + e);
    }
    AtomicFiles.write(dir.resolve("compare.md"),
        markdown().getBytes(StandardCharsets.UTF_8));
    savePng(chart(), dir.resolve("compare.png"));
  }

  /** compare.md. */
  public String markdown() {
    StringBuilder b = new StringBuilder("# vitp compare\n\n");
    b.append(String.format(Locale.ROOT, "Starts: %s. Seeds: %s. Fine-tuning: %s of the training "
            + "labels, %s epochs, scored %s, backend %s. Data: %s.%n%n",
        String.join(", ", plan.starts().stream().map(s -> s.name() + " (" + s.backbone() + ")")
            .toList()), plan.seeds(),
        plan.fraction() == null ? "all" : String.format(Locale.ROOT, "%.0f %%",
            plan.fraction() * 100), plan.epochs() == null ? "default" : plan.epochs(),
        plan.epochs() == null ? "on finetune's schedule" : "once after the last epoch",
        plan.backend(), plan.data()));
    b.append(markdownSummary());
    b.append("\nmean ± std: sample standard deviation (n − 1) over seeds. Difference: ")
        .append(plan.reference()).append(" − start at the same seed, mean with a two-sided 95 % "
            + "Student-t interval (n − 1 degrees of freedom); an interval that excludes 0 says "
            + "the gap is larger than the seed-to-seed noise of these runs.")
        .append(plan.seeds().size() < 2 ? " With one seed there is no std and no interval." : "")
        .append(String.format(Locale.ROOT, " Fine-tuning took %.1f s in all.%n%n",
            fineTuneSeconds()))
        .append("![comparison](compare.png)\n");
    return b.toString();
  }

  /** A table per task and a plain-language line per start (the console's summary too). */
  public String markdownSummary() {
    StringBuilder b = new StringBuilder();
    for (var task : tasks.entrySet()) {
      String metric = task.getValue().metric();
      b.append("## ").append(task.getKey()).append(" (").append(metric).append(")\n\n");
      b.append("| start | mean ± std | per seed ").append(plan.seeds()).append(" | wins vs ")
          .append(plan.reference()).append(" | ").append(plan.reference())
          .append(" − start [95 % CI] | s per fine-tune |\n|---|---|---|---|---|---|\n");
      List<String> lines = new ArrayList<>();
      for (var start : task.getValue().starts().entrySet()) {
        StartResult r = start.getValue();
        SeedStatistics.Paired p = r.vsReference();
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", start.getKey(),
            meanStd(r.summary()), String.join(", ", r.values().stream()
                .map(v -> String.format(Locale.ROOT, "%.4f", v)).toList()),
            p == null ? "—" : p.startAhead() + "/" + p.n(),
            p == null ? "(reference)" : difference(p), meanSeconds(r.seconds())));
        if (p != null) {
          lines.add(String.format(Locale.ROOT, "- %s − %s: %s, %s ahead on %d/%d seeds%s",
              plan.reference(), start.getKey(), difference(p), plan.reference(),
              p.referenceAhead(), p.n(), p.ties() > 0 ? " (" + p.ties() + " tied)" : ""));
        }
      }
      b.append('\n');
      lines.forEach(l -> b.append(l).append('\n'));
      b.append('\n');
    }
    return b.toString();
  }

  private static String meanStd(SeedStatistics.Summary s) {
    return s.std() == null ? String.format(Locale.ROOT, "%.4f (one seed)", s.mean())
        : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
  }

  private static String difference(SeedStatistics.Paired p) {
    return p.ciLow() == null
        ? String.format(Locale.ROOT, "%+.4f (one seed: no interval)", p.mean())
        : String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", p.mean(), p.ciLow(), p.ciHigh());
  }

  private static String meanSeconds(List<@Nullable Double> seconds) {
    double[] known = seconds.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue)
        .toArray();
    return known.length == 0 ? "—" : String.format(Locale.ROOT, "%.1f",
        java.util.Arrays.stream(known).average().orElse(Double.NaN));
  }

  /** Grouped bars, one group per task, error bars = std over seeds. */
  public JFreeChart chart() {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    for (var task : tasks.entrySet()) {
      String column = task.getKey() + " (" + task.getValue().metric() + ")";
      for (var start : task.getValue().starts().entrySet()) {
        SeedStatistics.Summary s = start.getValue().summary();
        data.add((Number) s.mean(), (Number) s.std(), start.getKey(), column);
      }
    }
    CategoryAxis x = new CategoryAxis("task");
    NumberAxis y = new NumberAxis("validation metric, mean ± std over " + plan.seeds().size()
        + (plan.seeds().size() == 1 ? " seed" : " seeds"));
    y.setRange(0, 1);
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    renderer.setErrorIndicatorPaint(Color.DARK_GRAY);
    renderer.setShadowVisible(false);
    for (int i = 0; i < COLORS.length; i++) {
      renderer.setSeriesPaint(i, COLORS[i]); // JFreeChart's default fourth colour is pale yellow
    }
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return new JFreeChart("Fine-tuning from each start", JFreeChart.DEFAULT_TITLE_FONT, plot,
        true);
  }

  /** Writes a chart as a 900 × 500 PNG. */
  public static void savePng(JFreeChart chart, Path file) {
    Curves.savePng(chart, file, 900, 500);
  }

}
