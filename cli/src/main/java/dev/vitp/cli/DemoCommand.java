package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.BackendChoice;
import dev.vitp.cli.demo.ConcurrentPretraining;
import dev.vitp.cli.demo.DemoReport;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp demo}: the paper's idea end to end on the embedded synthetic remote-sensing domain.
 * It only drives the public commands ({@code pretrain}, {@code export-backbone}, {@code finetune})
 * and reads the files they write, exactly as a user would: generate data; pretrain {@code nano}
 * with VRL (r = 0.75) and with VRL off on the same budget, the two runs side by side in child
 * processes ({@link ConcurrentPretraining}); fine-tune each downstream task with limited labels
 * from both ViTP backbones and from random init; compare.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate the synthetic remote-sensing domain, pretrain nano ViTP with and without "
        + "VRL, fine-tune downstream tasks with few labels from ViTP and random init, and report.")
final class DemoCommand implements Callable<Integer> {
  /** Downstream task → (the generator's folder, the headline metric). */
  static final Map<String, String[]> TASKS = new LinkedHashMap<>();

  static {
    TASKS.put("classification", new String[] {"scene-classification", "accuracy"});
    TASKS.put("segmentation", new String[] {"land-cover-segmentation", "miou"});
    TASKS.put("change-detection", new String[] {"change-detection", "f1"});
  }

  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "runs/demo", description = "(${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--backend", defaultValue = "auto",
      description = "(${DEFAULT-VALUE}: the best-ranked backend that trains)")
  String backend;

  @Option(names = "--samples", defaultValue = "4000",
      description = "Pretraining instruction records to generate (${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--downstream-samples", defaultValue = "1000",
      description = "Images per downstream set, train + val (${DEFAULT-VALUE}).")
  int downstreamSamples;

  @Option(names = "--pretrain-steps", defaultValue = "800", description = "(${DEFAULT-VALUE})")
  int pretrainSteps;

  @Option(names = "--batch", defaultValue = "16", description = "Pretraining batch (${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--fraction", defaultValue = "0.1",
      description = "Share of downstream training labels used (${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--epochs", defaultValue = "8", description = "Fine-tuning epochs (${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "(${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter console = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    long started = System.nanoTime();
    if (backend.equals("auto")) {
      // Named once, so that every stage runs, and the report names, the backend auto picks.
      BackendChoice choice = parent.vitp().autoBackend(Capability.TRAINING);
      backend = choice.name();
      console.println("Backend " + backend + " (auto: " + choice.reason() + ")");
    }
    Path dataDir = out.resolve("data");
    String budget = String.format(Locale.ROOT, "%d instruction records at 64 px; nano pretrained "
            + "%d steps × batch %d per run on %s, both runs at once; fine-tuning on %.0f%% of the "
            + "training labels for %d epochs, each start scored once, after its last epoch; "
            + "seed %d",
        samples, pretrainSteps, batch, backend, fraction * 100, epochs, seed);
    DemoReport report = new DemoReport(budget);

    stage(console, 1, "Generating the synthetic remote-sensing domain into " + dataDir);
    Domain domain = (Domain) parent.vitp().create(ComponentKind.DOMAIN, "remote-sensing");
    GenerationReport generated = domain.generate(new GenerationRequest(dataDir, samples, seed, 64,
        Runtime.getRuntime().availableProcessors(), downstreamSamples));
    console.printf(Locale.ROOT, "  %d images in %.1f s%n", generated.imagesWritten(),
        generated.elapsed().toMillis() / 1000.0);

    Map<String, String> backbones = new LinkedHashMap<>();
    Map<String, ConcurrentPretraining.Run> runs = new LinkedHashMap<>();
    for (String[] run : new String[][] {{"vitp", "0.75"}, {"vitp_no_vrl", "0"}}) {
      Path runDir = out.resolve("pretrain-" + run[0]);
      runs.put(run[0], new ConcurrentPretraining.Run(runDir, List.of("pretrain", "--recipe",
          generated.recipe().toString(), "--preset", "nano", "--steps",
          Integer.toString(pretrainSteps), "--batch", Integer.toString(batch), "--drop-ratio",
          run[1], "--seed", Long.toString(seed), "--backend", backend, "--checkpoint-every", "0",
          "--overwrite", "--out", runDir.toString())));
    }
    stage(console, 2, "Pretraining vitp (VRL r = 0.75) and vitp_no_vrl (VRL r = 0) side by side");
    Map<String, Double> seconds = new ConcurrentPretraining(console, pretrainSteps).run(runs, out);
    for (Map.Entry<String, ConcurrentPretraining.Run> run : runs.entrySet()) {
      Path backbone = out.resolve("backbone-" + run.getKey() + ".safetensors");
      execute("export-backbone", "--run", run.getValue().dir().toString(), "--out",
          backbone.toString());
      backbones.put(run.getKey(), backbone.toString());
      report.addPretrain(run.getKey(), pretrainSummary(run.getValue().dir(),
          seconds.get(run.getKey()), json));
    }
    int stageNo = 3;
    backbones.put("random_init", "random");

    for (Map.Entry<String, String[]> task : TASKS.entrySet()) {
      stage(console, stageNo++, "Fine-tuning " + task.getKey() + " with " + Math.round(fraction
          * 100) + "% of the labels from " + String.join(", ", backbones.keySet()));
      Map<String, Double> scores = new LinkedHashMap<>();
      for (Map.Entry<String, String> start : backbones.entrySet()) {
        Path dir = out.resolve("finetune-" + task.getKey() + "-" + start.getKey());
        execute("finetune", "--task", task.getKey(), "--data",
            dataDir.resolve("downstream").resolve(task.getValue()[0]).toString(), "--backbone",
            start.getValue(), "--out", dir.toString(), "--fraction", Double.toString(fraction),
            "--epochs", Integer.toString(epochs), "--val-every", Integer.toString(epochs),
            "--backend", backend, "--seed", Long.toString(seed), "--overwrite");
        scores.put(start.getKey(), metric(dir.resolve("metrics.json"), task.getValue()[1], json));
      }
      report.addTask(task.getKey(), new DemoReport.Task(task.getValue()[1], scores.get("vitp"),
          scores.get("vitp_no_vrl"), scores.get("random_init")));
    }

    report.write(out, json);
    console.println();
    console.print(report.table());
    console.printf(Locale.ROOT, "%nBudget: %s.%nNumbers come from synthetic data. Report: %s "
            + "(also report.json, pretrain_loss.png, downstream.png). Total %.1f min.%n", budget,
        out.resolve("report.md"), (System.nanoTime() - started) / 60e9);
    console.flush();
    return 0;
  }

  private void stage(PrintWriter console, int number, String title) {
    // generation, pretraining, one fine-tuning stage per task
    console.printf("%n[%d/%d] %s%n", number, 2 + TASKS.size(), title);
    console.flush();
  }

  /** Runs a sibling command on a fresh command line that shares this runtime. */
  private void execute(String... args) {
    CommandLine nested = VitpCli.commandLine(parent::vitp);
    nested.setOut(spec.commandLine().getOut());
    nested.setErr(spec.commandLine().getErr());
    int exit = nested.execute(args);
    if (exit != 0) {
      throw VitpException.userError("Expected the demo stage `vitp " + String.join(" ", args)
          + "` to succeed. Received: exit code " + exit + " (its message is above)");
    }
  }

  private static DemoReport.Pretrain pretrainSummary(Path runDir, double seconds,
      ObjectMapper json) throws IOException {
    List<Double> losses = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      JsonNode m = json.readTree(line);
      losses.add(m.get("loss").asDouble());
      speeds.add(m.get("images_per_s").asDouble());
    }
    // Final loss: the mean of the last 10 steps (single steps are noisy at this batch size).
    double last = losses.subList(Math.max(0, losses.size() - 10), losses.size()).stream()
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double speed = speeds.stream().mapToDouble(Double::doubleValue).sorted()
        .skip(speeds.size() / 2).findFirst().orElse(Double.NaN);
    double gap = json.readTree(runDir.resolve("image_reliance.json").toFile()).path("gap")
        .asDouble(Double.NaN);
    return new DemoReport.Pretrain(losses.size(), seconds, speed, last, gap, losses);
  }

  private static double metric(Path metricsFile, String name, ObjectMapper json)
      throws IOException {
    JsonNode value = json.readTree(metricsFile.toFile()).path("val").path(name);
    if (!value.isNumber()) {
      throw VitpException.internal("fine-tuning wrote no val." + name + " in " + metricsFile);
    }
    return value.asDouble();
  }
}
