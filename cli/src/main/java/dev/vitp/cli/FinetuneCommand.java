package dev.vitp.cli;

import dev.vitp.api.Vitp;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.plugins.tasks.finetune.EpochRecord;
import dev.vitp.plugins.tasks.finetune.FinetuneOptions;
import dev.vitp.plugins.tasks.finetune.FinetuneResult;
import dev.vitp.plugins.tasks.finetune.Finetuner;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.TaskHeadConfig;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.task.TaskHeadBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp finetune}: a backbone (exported ViTP, InternViT checkpoint or random init) finetuned
 * on a downstream dataset; prints the best validation metrics and writes {@code OUT/metrics.json}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "Finetune a backbone on a downstream task (classification, segmentation, "
        + "change-detection, detection); writes OUT/metrics.json and OUT/best.safetensors.")
final class FinetuneCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--task", required = true,
      description = "Task head: classification, segmentation, change-detection, detection.")
  String task;

  @Option(names = "--data", required = true,
      description = "Dataset folder with train/ and val/ in a supported layout.")
  Path data;

  @Option(names = "--backbone", required = true,
      description = "Backbone safetensors file or folder (ViTP export or InternViT), or 'random'.")
  String backbone;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--linear-probe", description = "Freeze the backbone; train the head only.")
  boolean linearProbe;

  @Option(names = "--frozen-epochs", defaultValue = "0",
      description = "LP-FT: train the head only for this many epochs, then the backbone too "
          + "(${DEFAULT-VALUE}).")
  int frozenEpochs;

  @Option(names = "--fraction", defaultValue = "1.0",
      description = "Share of training labels used, seeded (${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs (${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--val-every", defaultValue = "1",
      description = "Validate every N epochs and after the last; the best validated epoch is "
          + "kept (${DEFAULT-VALUE}).")
  int valEvery;

  @Option(names = "--batch", defaultValue = "16", description = "Batch size (${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "5e-4",
      description = "Peak learning rate (${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--layer-decay", defaultValue = "0.9",
      description = "Layer-wise learning-rate decay (${DEFAULT-VALUE}).")
  float layerDecay;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", defaultValue = "djl-pytorch",
      description = "Backend name (${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--format", description = "Dataset format name (default: detected).")
  @Nullable String format;

  @Option(names = "--preset", defaultValue = "nano",
      description = "ViT preset for a random backbone (${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--image-size", description = "Input size (default: the backbone's).")
  @Nullable Integer imageSize;

  @Option(names = "--patch-size", description = "Resize the patch kernel on load, e.g. 16 for an "
      + "InternViT checkpoint (patch 14), as ViTP's downstream configs do (default: keep).")
  @Nullable Integer patchSize;

  @Option(names = "--head", description = "Head config JSON, e.g. '{\"type\": \"detection\", "
      + "\"channels\": 96}' (default: the task's defaults).")
  @Nullable String head;

  @Option(names = "--on-bad-file", defaultValue = "skip",
      description = "skip (count and list) or fail (${DEFAULT-VALUE}).")
  String onBadFile;

  @Override
  public Integer call() {
    Vitp vitp = parent.vitp();
    Backend compute = vitp.backend(backend);
    String source = backbone.equals("random") ? VitBackboneConfig.RANDOM : backbone;
    BackboneBuilder builder = (BackboneBuilder) vitp.create(ComponentKind.BACKBONE,
        new VitBackboneConfig(source, preset, imageSize, patchSize, null));
    TaskHeadBuilder headBuilder = head == null
        ? (TaskHeadBuilder) vitp.create(ComponentKind.TASK_HEAD, task)
        : (TaskHeadBuilder) vitp.create(ComponentKind.TASK_HEAD,
            vitp.readConfig(head, TaskHeadConfig.class));
    FinetuneOptions options = FinetuneOptions.builder(task, data, out).backbone(backbone)
        .linearProbe(linearProbe).frozenEpochs(frozenEpochs).fraction(fraction).epochs(epochs)
        .valEvery(valEvery).batch(batch).lr(lr).layerDecay(layerDecay).seed(seed).format(format)
        .policy(onBadFile.equals("fail") ? BadRecordPolicy.FAIL : BadRecordPolicy.SKIP).build();
    PrintWriter w = spec.commandLine().getOut();
    FinetuneResult result = Finetuner.run(compute, builder, headBuilder, options,
        (EpochRecord e) -> {
          w.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  %s  (%.1f s)%n", e.epoch(), epochs,
              e.trainLoss(), e.val() == null ? "(not validated)" : "val " + show(e.val().values()),
              e.seconds());
          w.flush();
        });
    w.printf(Locale.ROOT, "%s on %s (%s, %d train / %d val samples), best epoch %d:%n  val %s%n",
        task, data, result.format(), result.trainSamples(), result.valSamples(),
        result.bestEpoch(), show(result.best().values()));
    if (result.skips().skipped() > 0) {
      w.println("  skipped " + result.skips().skipped() + " file(s): " + result.skips().byReason()
          + (result.skips().examples().isEmpty() ? "" : ", first: "
              + result.skips().examples().get(0)));
    }
    w.println("Wrote " + result.metrics() + " and " + result.checkpoint());
    w.flush();
    return 0;
  }

  private static String show(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
        .append(String.format(Locale.ROOT, "%.4f", v)));
    return sb.toString();
  }
}
