package dev.vitp.cli.experiment;

import dev.vitp.api.Vitp;
import dev.vitp.cli.compare.Comparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What an experiment runs with: the budget, the data (the embedded domain, generated into {@code
 * OUT/data} on first use, or the user's recipe and downstream data), and the shared stages
 * (pretraining through {@link Workbench}, fine-tuning through {@link Comparison}).
 *
 * @param console where progress goes
 * @param vitp the runtime
 * @param out the experiment folder
 * @param budget sizes and seeds
 * @param backend the backend every stage runs on (resolved, never {@code auto})
 * @param parallel pretraining runs and fine-tunes at once
 * @param tasks the downstream tasks to fine-tune
 * @param userRecipe the user's pretraining data, or null for the embedded domain
 * @param userData the user's downstream data (a root with {@code downstream/<task>/}, or one
 *     task's dataset folder), or null for the embedded domain
 * @param overwrite redo finished stages
 * @param pretrainSeed the seed of data generation and of every pretraining run
 */
public record ExperimentContext(PrintWriter console, Supplier<Vitp> vitp, Path out,
    Budget budget, String backend, int parallel, List<String> tasks, @Nullable Path userRecipe,
    @Nullable Path userData, boolean overwrite, long pretrainSeed) {
  /** The start without pretraining. */
  public static final String RANDOM_INIT = "random_init";

  public ExperimentContext {
    tasks = List.copyOf(tasks);
  }

  Workbench workbench() {
    return new Workbench(console, vitp, out, overwrite);
  }

  /** The pretraining recipe: the user's, or the embedded domain's (generated if needed). */
  Path recipe() throws IOException {
    return userRecipe != null ? userRecipe : workbench().generate(budget.samples(),
        budget.downstreamSamples(), pretrainSeed);
  }

  /** The downstream data root (or one task's folder), as {@code vitp compare --data} takes it. */
  Path data() {
    return userData != null ? userData : out.resolve("data");
  }

  /**
   * Pretrains the runs (name → own flags) on the same recipe, budget and seed, reusing those
   * finished earlier, and returns name → exported ViT.
   */
  Map<String, Path> pretrain(Map<String, List<String>> runs) throws IOException {
    List<String> shared = List.of("--recipe", recipe().toString(), "--preset", "nano",
        "--steps", Integer.toString(budget.pretrainSteps()), "--batch",
        Integer.toString(budget.batch()), "--seed", Long.toString(pretrainSeed), "--backend",
        backend);
    Map<String, Path> backbones = new LinkedHashMap<>();
    workbench().pretrain(runs, shared, budget.pretrainSteps(), parallel)
        .forEach((name, p) -> backbones.put(name, p.backbone()));
    return backbones;
  }

  /** The starts of {@code backbones} in order, and random init last when {@code withRandom}. */
  static List<Comparison.Start> starts(Map<String, Path> backbones, boolean withRandom) {
    List<Comparison.Start> starts = new ArrayList<>();
    backbones.forEach((name, file) -> starts.add(new Comparison.Start(name, file.toString())));
    if (withRandom) {
      starts.add(new Comparison.Start(RANDOM_INIT, Comparison.RANDOM));
    }
    return starts;
  }

  /**
   * A comparison under {@code OUT/<folder>}: every start fine-tuned on every task at every seed
   * with {@code fraction} of the labels for {@code epochs} (scored once, after the last), each
   * also scored under {@code corruptions}.
   */
  Comparison.Plan plan(String folder, List<String> planTasks, List<Comparison.Start> starts,
      String reference, double fraction, int epochs, List<String> corruptions) {
    return new Comparison.Plan(out.resolve(folder), data(), planTasks, starts, budget.seeds(),
        reference, fraction, epochs, backend, parallel, overwrite, corruptions);
  }

  /** Runs a plan (finished cells reused) and returns task → start → cells in seed order. */
  Map<String, Map<String, List<Comparison.Cell>>> finetune(Comparison.Plan plan)
      throws IOException {
    return new Comparison(console, vitp).run(plan);
  }
}
