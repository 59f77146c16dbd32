package dev.vitp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.BackendChoice;
import dev.vitp.cli.compare.CompareReport;
import dev.vitp.cli.compare.Comparison;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp compare}: fine-tunes every start on every task over several seeds with {@code vitp
 * finetune} and reports mean ± std per start and the paired difference to a reference start with
 * a 95 % Student-t interval ({@link Comparison}, {@link CompareReport}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Fine-tune several starts (backbones or random init) on downstream tasks over "
        + "several seeds and compare them: OUT/compare.json, compare.md and compare.png. "
        + "Finished fine-tunes are kept, so a rerun continues where one stopped.")
final class CompareCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--data", required = true, paramLabel = "DATA_ROOT",
      description = "A generated domain's root: the tasks' data are DATA_ROOT/downstream/<folder>.")
  Path data;

  @Option(names = "--task", paramLabel = "TASK", description = "Task (repeatable): "
      + "classification, segmentation, change-detection, detection (default: all four).")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--start", required = true, paramLabel = "NAME=BACKBONE",
      description = "A start (repeatable): a name and a backbone safetensors file, or 'random' "
          + "for random init, e.g. vitp=runs/a/backbone.safetensors random_init=random.")
  List<String> starts = new ArrayList<>();

  @Option(names = "--reference", defaultValue = "vitp",
      description = "The start the others are compared with (${DEFAULT-VALUE}).")
  String reference;

  @Option(names = "--seeds", paramLabel = "K",
      description = "Fine-tuning seeds 1..K (default 3).")
  @Nullable Integer seeds;

  @Option(names = "--seed-list", split = ",", paramLabel = "S,S,…",
      description = "Explicit fine-tuning seeds, e.g. 1,2,3 (instead of --seeds).")
  @Nullable List<Long> seedList;

  @Option(names = "--fraction", description = "Share of training labels used (finetune's "
      + "default: 1.0).")
  @Nullable Double fraction;

  @Option(names = "--epochs", description = "Fine-tuning epochs; each start is scored once, after "
      + "the last (finetune's default: 10, validated every epoch).")
  @Nullable Integer epochs;

  @Option(names = "--backend", defaultValue = "auto",
      description = "(${DEFAULT-VALUE}: the best-ranked backend that trains)")
  String backend;

  @Option(names = "--parallel", defaultValue = "1", description = "Fine-tunes run at once: above "
      + "1, that many child JVMs with a share of the cores each, each running its share of the "
      + "fine-tunes one after another (${DEFAULT-VALUE}: all in this JVM).")
  int parallel;

  /** Worker i of n of a --parallel comparison: runs its share of the cells, writes no report. */
  @Option(names = "--shard", hidden = true, paramLabel = "I/N")
  @Nullable String shard;

  @Option(names = "--corruptions", split = ",", paramLabel = "NAME,…", description = "Each "
      + "fine-tune also scores its best model under these corruptions at every severity "
      + "(finetune --corruptions; its robustness.json).")
  List<String> corruptions = new ArrayList<>();

  @Option(names = "--overwrite", description = "Redo finished fine-tunes too.")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    OutPaths.folder(out);
    PrintWriter console = spec.commandLine().getOut();
    Comparison.Plan plan = plan(console);
    long started = System.nanoTime();
    if (shard != null) {
      String[] parts = shard.split("/");
      new Comparison(console, parent::vitp).run(plan, Integer.parseInt(parts[0]),
          Integer.parseInt(parts[1]));
      return 0;
    }
    var cells = new Comparison(console, parent::vitp).run(plan);
    CompareReport report = CompareReport.of(plan, cells);
    report.write(plan.out(), new ObjectMapper());
    console.println();
    console.print(report.markdownSummary());
    console.printf(Locale.ROOT, "%nWrote %s (also compare.json, compare.png) in %s.%n",
        plan.out().resolve("compare.md"),
        Comparison.minutes((System.nanoTime() - started) / 1e9));
    console.flush();
    return 0;
  }

  private Comparison.Plan plan(PrintWriter console) {
    if (seeds != null && seedList != null) {
      throw VitpException.userError("Expected --seeds or --seed-list, not both. Received: both");
    }
    if (seeds != null && seeds < 1) {
      throw VitpException.userError("Expected --seeds ≥ 1. Received: seeds=" + seeds);
    }
    List<Long> seedValues = seedList != null ? seedList
        : LongStream.rangeClosed(1, seeds == null ? 3 : seeds).boxed().toList();
    List<Comparison.Start> parsed = new ArrayList<>();
    for (String s : starts) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw VitpException.userError("Expected --start NAME=BACKBONE (a safetensors file or "
            + "'random'). Received: " + s);
      }
      parsed.add(new Comparison.Start(s.substring(0, eq), s.substring(eq + 1)));
    }
    List<String> taskNames = tasks.isEmpty() ? List.copyOf(Comparison.TASKS.keySet()) : tasks;
    Comparison.Plan plan = new Comparison.Plan(out, data, taskNames, parsed, seedValues,
        reference, fraction, epochs, backend, shard != null ? 1 : parallel, overwrite,
        corruptions);
    Comparison.validate(plan);
    ConfigFlags.backend(parent.vitp(), backend, Capability.TRAINING, "vitp compare");
    String resolved = backend;
    if (backend.equals("auto") && shard == null) {
      // Named once, so that every fine-tune runs, and the report names, the backend auto picks.
      BackendChoice choice = parent.vitp().autoBackend(Capability.TRAINING);
      resolved = choice.name();
      console.println("Backend " + resolved + " (auto: " + choice.reason() + ")");
    }
    return new Comparison.Plan(out, data, taskNames, parsed, seedValues, reference, fraction,
        epochs, resolved, plan.parallel(), overwrite, corruptions);
  }
}
