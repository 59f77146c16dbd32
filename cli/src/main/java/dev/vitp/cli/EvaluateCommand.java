package dev.vitp.cli;

import dev.vitp.api.EvaluateRequest;
import dev.vitp.api.EvaluateResult;
import dev.vitp.api.Vitp;
import dev.vitp.spi.BackendConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp evaluate}: a thin adapter over {@link Vitp#evaluate}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score a fine-tuned model (a `vitp finetune` folder, or a weights file beside "
        + "its finetune.json) on a split of labelled data with the metrics its validation used, "
        + "or score detections made elsewhere (--predictions: COCO results json, or a folder of "
        + "DOTA Task1_<class>.txt files) against a dataset's truth; writes OUT/metrics.json.")
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--overwrite", description = "Replace an earlier evaluation's metrics.json in "
      + "--out (otherwise --out must be empty or new).")
  boolean overwrite;

  @Option(names = "--model", paramLabel = "RUN_OR_FILE", description = "A `vitp finetune` "
      + "output folder (its best.safetensors is scored), or a weights file beside its "
      + "finetune.json.")
  @Nullable Path model;

  @Option(names = "--predictions", paramLabel = "FILE_OR_DIR", description = "Detections to "
      + "score instead of a model: a COCO results json ([{image_id, category_id, bbox: [x, y, w, "
      + "h], score}]) or a folder of DOTA Task1_<class>.txt files.")
  @Nullable Path predictions;

  @Option(names = "--task", description = "Task: the model's (checked), or for --predictions "
      + "detection (the default).")
  @Nullable String task;

  @Option(names = "--data", description = "Dataset folder (default with --model: the run's "
      + "data).")
  @Nullable Path data;

  @Option(names = "--split", description = "The folder under --data that is scored (val).")
  String split = "val";

  @Option(names = "--format", description = "Dataset format name (default: the run's, or "
      + "detected).")
  @Nullable String format;

  @Option(names = "--backend", description = "Backend name or config JSON (default: the one "
      + "the run trained on).")
  @Nullable String backend;

  @Override
  public Integer call() {
    OutPaths.folder(out);
    Vitp vitp = parent.vitp();
    BackendConfig backendConfig = backend == null ? null : vitp.readConfig(
        ConfigFlags.component(vitp.objectMapper(), "--backend", backend).toString(),
        BackendConfig.class);
    EvaluateRequest request = new EvaluateRequest(model, predictions, task, data, split, format,
        backendConfig, out, overwrite);
    EvaluateResult result = vitp.evaluate(request);
    PrintWriter w = spec.commandLine().getOut();
    var e = result.evaluation();
    w.printf(Locale.ROOT, "%s on %s/%s (%s, %d samples)%s:%n ", e.task(), result.data(), split,
        e.format(), e.samples(), result.weights() == null ? ", predictions " + predictions
            : ", model " + result.weights());
    e.scores().values().forEach((k, v) -> w.printf(Locale.ROOT, " %s=%.4f", k, v));
    w.println();
    if (e.skips().skipped() > 0) {
      w.println("  skipped " + e.skips().describe());
    }
    w.println("Wrote " + result.metrics());
    w.flush();
    return 0;
  }
}
