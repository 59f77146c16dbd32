package dev.vitp.cli.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.compare.CompareReport;
import dev.vitp.cli.compare.Comparison;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The experiments {@code vitp experiment} knows, and how their reports are written. */
public final class Experiments {
  /** The experiment names, in help order. */
  public static final List<String> NAMES = List.of("vrl-sweep", "label-efficiency",
      "robustness");

  private Experiments() {}

  /** The experiment called {@code name}; an unknown name is a one-line error. */
  public static Experiment byName(String name, boolean quick, List<String> corruptions) {
    if (!corruptions.isEmpty() && !name.equals("robustness")) {
      throw VitpException.userError("Expected --corruptions with the robustness experiment only. "
          + "Received: --corruptions with " + name);
    }
    return switch (name) {
      case "vrl-sweep" -> new VrlSweep(quick);
      case "label-efficiency" -> new LabelEfficiency(quick);
      case "robustness" -> new Robustness(corruptions);
      default -> throw VitpException.userError("Unknown experiment [" + name + "]; known "
          + "options " + NAMES);
    };
  }

  /** The tasks an experiment fine-tunes unless told otherwise. */
  public static List<String> defaultTasks(String name, boolean quick) {
    if (quick) {
      return List.of("classification");
    }
    return switch (name) {
      case "vrl-sweep" -> List.of("classification", "segmentation", "change-detection");
      case "label-efficiency" -> List.of("classification", "segmentation");
      default -> List.of("classification");
    };
  }

  /**
   * Runs an experiment and writes {@code OUT/<name>.json}, {@code .md} and its PNGs; returns
   * the Markdown report's path.
   */
  public static Path run(Experiment experiment, ExperimentContext context, String command,
      boolean quick, ObjectMapper json, long started) throws IOException {
    Files.createDirectories(context.out());
    context.console().println("Experiment " + experiment.name() + ": " + experiment.title()
        + (quick ? " (--quick: checks the machinery only)" : ""));
    context.console().flush();
    Experiment.Result result = experiment.run(context);
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("experiment", experiment.name());
    root.put("title", experiment.title());
    root.put("command", command);
    root.put("quick", quick);
    root.put("budget", context.budget().toJson());
    root.put("tasks", context.tasks());
    root.put("backend", context.backend());
    root.put("parallel", context.parallel());
    root.put("data", context.userData() == null ? "embedded remote-sensing domain, generated "
        + "into " + context.out().resolve("data") : context.userData().toString());
    root.put("pretraining_seed", context.pretrainSeed());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("seconds", seconds);
    root.put("results", result.json());
    String name = experiment.name();
    AtomicFiles.write(context.out().resolve(name + ".json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    String header = String.format(Locale.ROOT, "# vitp experiment %s%n%n%s.%s%n%n"
            + "Command: `%s` (%s on %d cores, backend %s, %s). Budget: nano pretrained %d steps "
            + "× batch %d per run on the same images (seed %d); fine-tuning %s; seeds %s. "
            + "Data: %s.%n%n", name, experiment.title(), quick ? " **--quick: a check of the "
            + "machinery; the numbers say nothing about the method.**" : "", command,
        Comparison.minutes(seconds), Runtime.getRuntime().availableProcessors(),
        context.backend(), "each start scored once, after its last epoch",
        context.budget().pretrainSteps(), context.budget().batch(), context.pretrainSeed(),
        name.equals("label-efficiency") ? String.format(Locale.ROOT, "%d epochs at all labels, "
            + "more at fewer (see below)", context.budget().epochs())
            : String.format(Locale.ROOT, "%d epochs on %.0f %% of the labels",
                context.budget().epochs(), context.budget().fraction() * 100),
        context.budget().seeds(), root.get("data"));
    AtomicFiles.write(context.out().resolve(name + ".md"),
        (header + result.markdown()).getBytes(StandardCharsets.UTF_8));
    result.charts().forEach((suffix, chart) -> CompareReport.savePng(chart,
        context.out().resolve(name + "-" + suffix + ".png")));
    result.images().forEach((suffix, image) -> Charts.savePng(image,
        context.out().resolve(name + "-" + suffix + ".png")));
    context.console().println();
    context.console().print(result.markdown().replaceAll("\\n!\\[[^\\n]*", ""));
    return context.out().resolve(name + ".md");
  }
}
