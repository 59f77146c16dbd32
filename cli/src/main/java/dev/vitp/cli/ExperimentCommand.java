package dev.vitp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.BackendChoice;
import dev.vitp.cli.compare.Comparison;
import dev.vitp.cli.experiment.Budget;
import dev.vitp.cli.experiment.ExperimentContext;
import dev.vitp.cli.experiment.Experiments;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp experiment <name>}: one of the paper's ablations in miniature, end to end and
 * resumable ({@link Experiments}).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run one of the ViTP paper's ablations in miniature, end to end: generate (or "
        + "read your --recipe and --data), pretrain, fine-tune over seeds, report "
        + "OUT/<name>.json, OUT/<name>.md and PNG plots. Finished pretraining runs and "
        + "fine-tunes are kept, so a rerun continues where one stopped; experiments run into "
        + "the same --out share their pretraining runs.",
        "  vrl-sweep          VRL drop ratio r in {0, .25, .5, .75, .9} x probability p in "
            + "{.25, 1}",
        "  label-efficiency   ViTP, MAE, random init on 100/20/10/5/2 % of the labels",
        "  robustness         the 12 corruptions of the paper at 5 severities"})
final class ExperimentCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME",
      description = "vrl-sweep, label-efficiency or robustness.")
  String name;

  @Option(names = "--out", required = true, description = "Experiment folder.")
  Path out;

  @Option(names = "--quick", description = "A minute's budget that checks the machinery (tests); "
      + "its numbers say nothing about the method.")
  boolean quick;

  @Option(names = "--recipe", description = "Your pretraining data (InternVL meta JSON) instead "
      + "of the embedded domain; needs --data.")
  @Nullable Path recipe;

  @Option(names = "--data", description = "Your downstream data instead of the embedded "
      + "domain's: a root with downstream/<task folder>/ per task, or, with one --task, that "
      + "task's dataset folder (train/ and val/); needs --recipe.")
  @Nullable Path data;

  @Option(names = "--task", paramLabel = "TASK", description = "Task to fine-tune (repeatable; "
      + "default: vrl-sweep classification, segmentation, change-detection; label-efficiency "
      + "classification, segmentation; robustness classification; --quick classification).")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--seeds", description = "Fine-tuning seeds 1..K (default 3; --quick 2).")
  @Nullable Integer seeds;

  @Option(names = "--pretrain-steps", description = "Steps of every pretraining run (default "
      + "1000; --quick 8).")
  @Nullable Integer pretrainSteps;

  @Option(names = "--epochs", description = "Fine-tuning epochs (default 5; --quick 8).")
  @Nullable Integer epochs;

  @Option(names = "--corruptions", split = ",", paramLabel = "NAME,…", description = "robustness: "
      + "the corruptions (default: every registered one, plugins' included).")
  List<String> corruptions = new ArrayList<>();

  @Option(names = "--parallel", description = "Pretraining runs and fine-tunes at once, each a "
      + "child JVM with a share of the cores (default 2; --quick 1).")
  @Nullable Integer parallel;

  @Option(names = "--backend", defaultValue = "auto",
      description = "(${DEFAULT-VALUE}: the best-ranked backend that trains)")
  String backend;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the data and of every pretraining run (${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--overwrite", description = "Redo finished stages too.")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    OutPaths.folder(out);
    PrintWriter console = spec.commandLine().getOut();
    var experiment = Experiments.byName(name, quick, corruptions);
    if ((recipe == null) != (data == null)) {
      throw VitpException.userError("Expected --recipe and --data together (your pretraining "
          + "and downstream data), or neither (the embedded domain). Received: "
          + (recipe == null ? "--data only" : "--recipe only"));
    }
    if (recipe != null && !Files.isRegularFile(recipe)) {
      throw VitpException.userError("Expected --recipe to be a file. Received: " + recipe
          + " (no such file)");
    }
    int k = seeds != null ? seeds : quick ? 2 : 3;
    if (k < 1) {
      throw VitpException.userError("Expected --seeds ≥ 1. Received: seeds=" + k);
    }
    Budget base = quick ? Budget.quick(k) : Budget.full(k);
    Budget budget = new Budget(base.samples(), base.downstreamSamples(),
        positive("--pretrain-steps", pretrainSteps, base.pretrainSteps()), base.batch(),
        positive("--epochs", epochs, base.epochs()), base.fraction(), base.seeds());
    int workers = positive("--parallel", parallel, quick ? 1 : 2);
    List<String> taskNames = tasks.isEmpty() ? Experiments.defaultTasks(name, quick) : tasks;
    checkTasks(taskNames);
    ConfigFlags.backend(parent.vitp(), backend, Capability.TRAINING, "vitp experiment");
    String resolved = backend;
    if (backend.equals("auto")) {
      BackendChoice choice = parent.vitp().autoBackend(Capability.TRAINING);
      resolved = choice.name();
      console.println("Backend " + resolved + " (auto: " + choice.reason() + ")");
    }
    ExperimentContext context = new ExperimentContext(console, parent::vitp, out, budget,
        resolved, workers, taskNames, recipe, data, overwrite, seed);
    checkTasks(taskNames);
    long started = System.nanoTime();
    List<String> argv = new ArrayList<>(List.of("vitp"));
    argv.addAll(spec.commandLine().getParseResult().originalArgs());
    Path report = Experiments.run(experiment, context, String.join(" ", argv), quick,
        new ObjectMapper(), started);
    console.printf("%nWrote %s (also %s.json and PNG plots) in %s.%n", report,
        experiment.name(), Comparison.minutes((System.nanoTime() - started) / 1e9));
    console.flush();
    return 0;
  }

  /** Known tasks, once each, and with --data their folders there: before anything runs. */
  private void checkTasks(List<String> taskNames) {
    if (data != null) {
      Comparison.validate(new Comparison.Plan(out, data, taskNames,
          List.of(new Comparison.Start("check", Comparison.RANDOM)), List.of(1L), "check", null,
          null, backend, 1, false));
      return;
    }
    for (String task : taskNames) {
      if (!Comparison.TASKS.containsKey(task)) {
        throw VitpException.userError("Unknown task [" + task + "]; known options "
            + Comparison.TASKS.keySet());
      }
    }
    if (new java.util.HashSet<>(taskNames).size() != taskNames.size()) {
      throw VitpException.userError("Expected each --task once. Received: " + taskNames);
    }
  }

  private static int positive(String flag, @Nullable Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw VitpException.userError("Expected " + flag + " ≥ 1. Received: " + value);
    }
    return value;
  }
}
