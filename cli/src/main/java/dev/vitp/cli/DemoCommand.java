package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.BackendChoice;
import dev.vitp.cli.compare.CompareReport;
import dev.vitp.cli.compare.Comparison;
import dev.vitp.cli.experiment.ExperimentContext;
import dev.vitp.cli.experiment.Workbench;
import dev.vitp.cli.demo.DemoReport;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp demo}: the paper's idea end to end on the embedded synthetic remote-sensing domain.
 * It drives the public commands ({@code pretrain}, {@code export-backbone}, and {@code finetune}
 * through the comparison {@code vitp compare} runs) and reads the files they write, as a user
 * would: generate data; pretrain {@code nano} three ways on the same images and budget — ViTP with
 * VRL (r = 0.75), ViTP without VRL, and a masked autoencoder — side by side in child processes
 * ({@link ConcurrentPretraining}); export each ViT; fine-tune the four downstream tasks with limited
 * labels from each backbone and from random init over several seeds ({@link Comparison}); report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate the synthetic remote-sensing domain, pretrain nano three ways (ViTP "
        + "with and without VRL, MAE), fine-tune four downstream tasks with few labels from each "
        + "backbone and from random init over several seeds, and report.")
final class DemoCommand implements Callable<Integer> {
  /** The start without pretraining. */
  static final String RANDOM_INIT = ExperimentContext.RANDOM_INIT;

  /** The start the others are compared with. */
  static final String REFERENCE = Workbench.VITP;

  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "runs/demo", description = "(${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--backend", defaultValue = "auto",
      description = "(${DEFAULT-VALUE}: the best-ranked backend that trains)")
  String backend;

  @Option(names = "--starts", split = ",", defaultValue = "vitp,vitp_no_vrl,mae,random_init",
      description = "The starts to compare, a subset of the default (${DEFAULT-VALUE}); vitp is "
          + "always one.")
  List<String> starts;

  @Option(names = "--samples", defaultValue = "4000",
      description = "Pretraining instruction records to generate (${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--downstream-samples", defaultValue = "500",
      description = "Images per downstream set, train + val (${DEFAULT-VALUE}).")
  int downstreamSamples;

  @Option(names = "--pretrain-steps", defaultValue = "1000", description = "(${DEFAULT-VALUE})")
  int pretrainSteps;

  @Option(names = "--batch", defaultValue = "16", description = "Pretraining batch (${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--fraction", defaultValue = "0.2",
      description = "Share of downstream training labels used (${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--epochs", defaultValue = "5", description = "Fine-tuning epochs (${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seeds", defaultValue = "3",
      description = "Fine-tuning seeds 1..K per task and start (${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--parallel", defaultValue = "2", description = "Fine-tunes at once, each "
      + "worker a child JVM with a share of the cores (${DEFAULT-VALUE}; 1: all in this JVM).")
  int parallel;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the data and of pretraining (${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    OutPaths.folder(out);
    PrintWriter console = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    long started = System.nanoTime();
    List<String> pretrained = checkStarts();
    if (seeds < 1) {
      throw VitpException.userError("Expected --seeds ≥ 1. Received: seeds=" + seeds);
    }
    ConfigFlags.backend(parent.vitp(), backend, Capability.TRAINING, "vitp demo");
    if (backend.equals("auto")) {
      // Named once, so that every stage runs, and the report names, the backend auto picks.
      BackendChoice choice = parent.vitp().autoBackend(Capability.TRAINING);
      backend = choice.name();
      console.println("Backend " + backend + " (auto: " + choice.reason() + ")");
    }
    List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
    Path dataDir = out.resolve("data");
    int cells = Comparison.TASKS.size() * starts.size() * seeds;
    String budget = String.format(Locale.ROOT, "%d instruction records at 64 px; nano pretrained "
            + "%d steps × batch %d per run (%s; the same images; ViTP trains its ViT at 0.1 × the "
            + "learning rate, MAE at 1 ×, each method's recipe) on %s, the runs side by side; "
            + "%d downstream images "
            + "per task (train + val); fine-tuning on %.0f%% of the training labels for %d epochs, "
            + "each start scored once, after its last epoch; %d fine-tunes (%d tasks × %d starts × "
            + "%d seeds); data and pretraining seed %d, fine-tuning seeds %s",
        samples, pretrainSteps, batch, String.join(", ", pretrained), backend, downstreamSamples,
        fraction * 100, epochs, cells, Comparison.TASKS.size(), starts.size(), seeds, seed,
        seedList);

    stage(console, 1, "Generating the synthetic remote-sensing domain into " + dataDir);
    // The demo always starts afresh: every stage is redone (overwrite).
    Workbench bench = new Workbench(console, parent::vitp, out, true);
    Path recipe = bench.generate(samples, downstreamSamples, seed);

    Map<String, List<String>> runs = new LinkedHashMap<>();
    pretrained.forEach(name -> runs.put(name, Workbench.STANDARD_RUNS.get(name)));
    List<String> shared = List.of("--recipe", recipe.toString(), "--preset", "nano", "--steps",
        Integer.toString(pretrainSteps), "--batch", Integer.toString(batch), "--seed",
        Long.toString(seed), "--backend", backend);
    stage(console, 2, "Pretraining " + String.join(", ", pretrained) + " side by side");
    Map<String, DemoReport.Pretrain> summaries = new LinkedHashMap<>();
    List<Comparison.Start> compared = new ArrayList<>();
    for (var run : bench.pretrain(runs, shared, pretrainSteps, runs.size()).entrySet()) {
      compared.add(new Comparison.Start(run.getKey(), run.getValue().backbone().toString()));
      // Every run is fresh (the demo overwrites), so each has its time.
      summaries.put(run.getKey(), pretrainSummary(run.getValue().runDir(),
          java.util.Objects.requireNonNull(run.getValue().seconds()), json));
    }
    if (starts.contains(RANDOM_INIT)) {
      compared.add(new Comparison.Start(RANDOM_INIT, Comparison.RANDOM));
    }

    stage(console, 3, "Fine-tuning " + String.join(", ", Comparison.TASKS.keySet()) + " from "
        + compared.stream().map(Comparison.Start::name).toList() + " at seeds " + seedList);
    Comparison.Plan plan = new Comparison.Plan(out.resolve("compare"), dataDir,
        List.copyOf(Comparison.TASKS.keySet()), compared, seedList, REFERENCE, fraction, epochs,
        backend, parallel, true);
    long fineTuning = System.nanoTime();
    CompareReport comparison = CompareReport.of(plan,
        new Comparison(console, parent::vitp).run(plan));
    comparison.write(plan.out(), json);
    console.printf(Locale.ROOT, "  %d fine-tunes in %s%n", cells,
        Comparison.minutes((System.nanoTime() - fineTuning) / 1e9));

    double minutes = (System.nanoTime() - started) / 60e9;
    DemoReport report = new DemoReport(budget, summaries, comparison, minutes);
    report.write(out, json);
    console.println();
    console.print(report.table());
    console.printf(Locale.ROOT, "%nBudget: %s.%nNumbers come from synthetic data. Report: %s "
            + "(also report.json, pretrain_loss.png, downstream.png; every fine-tune under %s). "
            + "Total %.1f min.%n", budget, out.resolve("report.md"), plan.out(), minutes);
    console.flush();
    return 0;
  }

  /** The pretraining runs --starts asks for, in table order; refuses names it does not know. */
  private List<String> checkStarts() {
    List<String> known = new ArrayList<>(Workbench.STANDARD_RUNS.keySet());
    known.add(RANDOM_INIT);
    for (String s : starts) {
      if (!known.contains(s)) {
        throw VitpException.userError("Unknown start [" + s + "]; known options " + known);
      }
    }
    if (!starts.contains(REFERENCE)) {
      throw VitpException.userError("Expected --starts to include " + REFERENCE + ", the start "
          + "the others are compared with. Received: " + starts);
    }
    if (new java.util.HashSet<>(starts).size() != starts.size()) {
      throw VitpException.userError("Expected each start once. Received: " + starts);
    }
    return Workbench.STANDARD_RUNS.keySet().stream().filter(starts::contains).toList();
  }

  private void stage(PrintWriter console, int number, String title) {
    // generation, pretraining, fine-tuning
    console.printf("%n[%d/%d] %s%n", number, 3, title);
    console.flush();
  }

  private static DemoReport.Pretrain pretrainSummary(Path runDir, double seconds,
      ObjectMapper json) throws IOException {
    List<Double> losses = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      JsonNode m = json.readTree(line);
      losses.add(m.path("loss").asDouble(Double.NaN));
      if (m.path("images_per_s").isNumber()) {
        speeds.add(m.get("images_per_s").asDouble());
      }
    }
    // Final loss: the mean of the last 10 steps (single steps are noisy at this batch size).
    double last = losses.subList(Math.max(0, losses.size() - 10), losses.size()).stream()
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double speed = speeds.stream().mapToDouble(Double::doubleValue).sorted()
        .skip(speeds.size() / 2).findFirst().orElse(Double.NaN);
    // Only instruction pretraining measures image reliance (an MAE run has no answers to swap).
    Path reliance = runDir.resolve("image_reliance.json");
    @Nullable Double gap = null;
    if (Files.isRegularFile(reliance)) {
      JsonNode g = json.readTree(reliance.toFile()).path("gap");
      gap = g.isNumber() ? g.asDouble() : null;
    }
    return new DemoReport.Pretrain(losses.size(), seconds, speed, last, gap, losses);
  }
}
