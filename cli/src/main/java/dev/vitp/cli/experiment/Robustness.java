package dev.vitp.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.compare.Comparison;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * {@code robustness} (paper Table 13): ViTP with and without VRL, MAE and random init, each
 * fine-tuned over seeds, then their best models scored on the validation set under every
 * corruption (the twelve of the paper, and any a plugin adds) at severities 1 to 5 ({@code
 * finetune --corruptions}); clean score, score per corruption, mean drop, heat map. Corruptions
 * that move pixels are scored on classification only (their labels do not move with them).
 */
final class Robustness implements Experiment {
  private final List<String> corruptionsAsked;

  /** @param corruptions corruption names, or empty for every registered corruption */
  Robustness(List<String> corruptions) {
    this.corruptionsAsked = List.copyOf(corruptions);
  }

  @Override
  public String name() {
    return "robustness";
  }

  @Override
  public String title() {
    return "Robustness to corruptions: ViTP with and without VRL, MAE, random init";
  }

  @Override
  public Result run(ExperimentContext context) throws IOException {
    List<String> all = corruptionsAsked.isEmpty()
        ? context.vitp().get().componentNames(ComponentKind.CORRUPTION) : corruptionsAsked;
    if (all.isEmpty()) {
      throw VitpException.userError("Expected at least one corruption plugin. Received: none "
          + "registered (see `vitp plugins`)");
    }
    Map<String, Boolean> geometric = new LinkedHashMap<>();
    for (String name : all) {
      geometric.put(name, ((Corruption) context.vitp().get().create(ComponentKind.CORRUPTION,
          name)).geometric());
    }
    Map<String, List<String>> runs = new LinkedHashMap<>();
    for (String run : List.of(Workbench.VITP, Workbench.NO_VRL, Workbench.MAE)) {
      runs.put(run, Workbench.STANDARD_RUNS.get(run));
    }
    List<Comparison.Start> starts = ExperimentContext.starts(context.pretrain(runs), true);

    ObjectMapper json = new ObjectMapper();
    Map<String, Object> tasks = new LinkedHashMap<>();
    Map<String, JFreeChart> charts = new LinkedHashMap<>();
    Map<String, BufferedImage> images = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder();
    List<String> claims = new ArrayList<>();
    for (String task : context.tasks()) {
      List<String> corruptions = task.equals("classification") ? all
          : all.stream().filter(c -> !geometric.get(c)).toList();
      Comparison.Plan plan = context.plan(name() + "/" + task, List.of(task), starts,
          Workbench.VITP, context.budget().fraction(), context.budget().epochs(), corruptions);
      context.finetune(plan);
      // start → the robustness.json of each seed
      Map<String, List<JsonNode>> scores = new LinkedHashMap<>();
      for (Comparison.Start s : starts) {
        List<JsonNode> perSeed = new ArrayList<>();
        for (long seed : context.budget().seeds()) {
          Path file = Comparison.cellDir(plan.out(), task, s.name(), seed)
              .resolve(Comparison.ROBUSTNESS_FILE);
          if (!Files.isRegularFile(file)) {
            throw VitpException.internal("the comparison left no " + file);
          }
          perSeed.add(json.readTree(file.toFile()));
        }
        scores.put(s.name(), perSeed);
      }
      String metric = scores.get(Workbench.VITP).get(0).path("metric").asText();
      List<Integer> severities = new ArrayList<>();
      scores.get(Workbench.VITP).get(0).path("severities").forEach(n -> severities.add(n.asInt()));

      Map<String, Object> byStart = new LinkedHashMap<>();
      Map<String, List<Double>> drops = new LinkedHashMap<>();
      double[][] heat = new double[corruptions.size()][starts.size()];
      Map<String, List<Charts.Point>> lines = new LinkedHashMap<>();
      md.append(String.format(Locale.ROOT, "## %s (%s × 100), %d corruptions × severities %s%n%n"
          + "| start | clean | mean under corruption | mean drop |%n|---|---|---|---|%n", task,
          metric, corruptions.size(), severities));
      for (int si = 0; si < starts.size(); si++) {
        String start = starts.get(si).name();
        List<JsonNode> perSeed = scores.get(start);
        List<Double> clean = perSeed.stream().map(n -> n.path("clean").asDouble()).toList();
        List<Double> drop = perSeed.stream().map(n -> n.path("mean_drop").asDouble()).toList();
        List<Double> corrupted = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
          corrupted.add(clean.get(i) - drop.get(i));
        }
        drops.put(start, drop);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("clean", Stats.summaryJson(clean));
        s.put("mean_under_corruption", Stats.summaryJson(corrupted));
        s.put("mean_drop", Stats.summaryJson(drop));
        Map<String, Object> perCorruption = new LinkedHashMap<>();
        for (int ci = 0; ci < corruptions.size(); ci++) {
          String c = corruptions.get(ci);
          List<Double> score = perSeed.stream()
              .map(n -> n.path("corruptions").path(c).path("mean").asDouble()).toList();
          List<Double> cDrop = perSeed.stream()
              .map(n -> n.path("corruptions").path(c).path("drop").asDouble()).toList();
          Map<String, Object> bySeverity = new LinkedHashMap<>();
          for (int sev : severities) {
            bySeverity.put(Integer.toString(sev), Stats.summaryJson(perSeed.stream().map(n -> n
                .path("corruptions").path(c).path("by_severity").path(Integer.toString(sev))
                .asDouble()).toList()));
          }
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("score", Stats.summaryJson(score));
          entry.put("drop", Stats.summaryJson(cDrop));
          entry.put("by_severity", bySeverity);
          perCorruption.put(c, entry);
          heat[ci][si] = Stats.mean(cDrop) * 100;
        }
        s.put("per_corruption", perCorruption);
        // The score against severity, averaged over corruptions (severity 0: clean).
        List<Charts.Point> line = new ArrayList<>();
        line.add(new Charts.Point(0, Stats.mean(clean), Stats.std(clean)));
        for (int sev : severities) {
          List<Double> atSeverity = new ArrayList<>();
          for (JsonNode n : perSeed) {
            double sum = 0;
            for (String c : corruptions) {
              sum += n.path("corruptions").path(c).path("by_severity")
                  .path(Integer.toString(sev)).asDouble();
            }
            atSeverity.add(sum / corruptions.size());
          }
          line.add(new Charts.Point(sev, Stats.mean(atSeverity), Stats.std(atSeverity)));
        }
        lines.put(start, line);
        byStart.put(start, s);
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", start,
            Stats.meanStd(clean, 100), Stats.meanStd(corrupted, 100), Stats.meanStd(drop, 100)));
      }
      md.append("\nDrop per corruption (clean − mean over severities, points, mean over seeds):"
          + "\n\n| corruption | ");
      starts.forEach(s -> md.append(s.name()).append(" | "));
      md.append("\n|---|").append("---|".repeat(starts.size())).append('\n');
      for (int ci = 0; ci < corruptions.size(); ci++) {
        md.append("| ").append(corruptions.get(ci)).append(" | ");
        for (int si = 0; si < starts.size(); si++) {
          md.append(String.format(Locale.ROOT, "%.2f | ", heat[ci][si]));
        }
        md.append('\n');
      }
      List<Double> vrl = drops.get(Workbench.VITP);
      List<Double> noVrl = drops.get(Workbench.NO_VRL);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("metric", metric);
      t.put("corruptions", corruptions);
      t.put("severities", severities);
      t.put("starts", byStart);
      t.put("no_vrl_drop_minus_vrl_drop", Stats.differenceJson(noVrl, vrl));
      tasks.put(task, t);
      claims.add(String.format(Locale.ROOT, "- %s: mean drop %s points with VRL against %s "
              + "without; no-VRL drop − VRL drop = %s (%s)", task, Stats.meanStd(vrl, 100),
          Stats.meanStd(noVrl, 100), Stats.difference(noVrl, vrl, 100),
          VrlSweep.verdict(noVrl, vrl)));
      md.append('\n');
      images.put(task + "-heatmap", Charts.heatMap("Points lost per corruption: " + task,
          corruptions, starts.stream().map(Comparison.Start::name).toList(), heat,
          "clean − corrupted " + metric + " × 100, mean over severities and seeds; red: lost "
              + "more"));
      charts.put(task + "-severity", Charts.lines("Score against severity: " + task
              + " (mean over corruptions)", "severity (0 = clean)", metric + ", mean ± std over "
              + context.budget().seeds().size() + " seeds", false, lines));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tasks", tasks);
    result.put("paper", Map.of("benchmark", "DIOR-R, 12 corruptions × 5 severities",
        "mean_drop_vrl", 4.37, "mean_drop_no_vrl", 4.78));
    result.put("claims", claims);
    md.append("### Against the paper\n\nThe paper (Table 13, DIOR-R): mean drop 4.37 points with "
        + "VRL against 4.78 without. Here:\n\n");
    claims.forEach(c -> md.append(c).append('\n'));
    for (String task : context.tasks()) {
      md.append("\n![").append(task).append(" heat map](robustness-").append(task)
          .append("-heatmap.png)\n![").append(task).append(" severity](robustness-")
          .append(task).append("-severity.png)\n");
    }
    return new Result(result, md.toString(), charts, images);
  }
}
