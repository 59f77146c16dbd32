package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.FinetuneConfig;
import dev.vitp.api.Vitp;
import dev.vitp.api.train.FinetuneProgress;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneStep;
import dev.vitp.spi.task.FinetuneResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@code vitp finetune}: a thin adapter over {@link Vitp#finetune}. The run is a {@link
 * FinetuneConfig}: a {@code --config} file (JSON or YAML), with each flag given overriding it.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Finetune a backbone on a downstream task (classification, segmentation, "
        + "change-detection, detection); writes OUT/metrics.json, OUT/best.safetensors and the "
        + "resolved config OUT/finetune.json.")
final class FinetuneCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--overwrite", description = "Replace an earlier fine-tuning's files in --out "
      + "(otherwise --out must be empty or new).")
  boolean overwrite;

  @Option(names = "--config", description = "Finetune config file (JSON, or YAML for .yaml/.yml): "
      + "backend, backbone, head, recipe, data, seed. Flags override it.")
  @Nullable Path config;

  @Option(names = "--task", description = "Task head by name: classification, segmentation, "
      + "change-detection, detection (or a plugin's).")
  @Nullable String task;

  @Option(names = "--head", description = "Head config JSON, e.g. '{\"type\": \"detection\", "
      + "\"channels\": 96}' (default: the task's defaults).")
  @Nullable String head;

  @Option(names = "--data", description = "Dataset folder with train/ and val/ in a supported "
      + "layout.")
  @Nullable Path data;

  @Option(names = "--backbone", description = "Backbone safetensors file or folder (ViTP export "
      + "or InternViT), or 'random' (default).")
  @Nullable String backbone;

  @Option(names = "--backbone-kind", description = "Backbone kind by name or config JSON (vit).")
  @Nullable String backboneKind;

  @Option(names = "--preset", description = "ViT preset for a random backbone (nano).")
  @Nullable String preset;

  @Option(names = "--image-size", description = "Input size (default: the backbone's).")
  @Nullable Integer imageSize;

  @Option(names = "--patch-size", description = "Resize the patch kernel on load, e.g. 16 for an "
      + "InternViT checkpoint (patch 14), as ViTP's downstream configs do (default: keep).")
  @Nullable Integer patchSize;

  @Option(names = "--recipe", description = "Finetuning recipe by name or config JSON "
      + "(supervised).")
  @Nullable String recipe;

  @Option(names = "--linear-probe", description = "Freeze the backbone; train the head only.")
  @Nullable Boolean linearProbe;

  @Option(names = "--frozen-epochs", description = "LP-FT: train the head only for this many "
      + "epochs, then the backbone too (0).")
  @Nullable Integer frozenEpochs;

  @Option(names = "--epochs", description = "Epochs (10).")
  @Nullable Integer epochs;

  @Option(names = "--val-every", description = "Validate every N epochs and after the last; the "
      + "best validated epoch is kept (1).")
  @Nullable Integer valEvery;

  @Option(names = "--batch", description = "Batch size (16).")
  @Nullable Integer batch;

  @Option(names = "--lr", description = "Peak learning rate (5e-4).")
  @Nullable Float lr;

  @Option(names = "--layer-decay", description = "Layer-wise learning-rate decay (0.9).")
  @Nullable Float layerDecay;

  @Option(names = "--fraction", description = "Share of training labels used, seeded (1.0).")
  @Nullable Double fraction;

  @Option(names = "--format", description = "Dataset format name (default: detected).")
  @Nullable String format;

  @Option(names = "--on-bad-file", description = "skip (count and list; default) or fail.")
  @Nullable String onBadFile;

  @Option(names = "--max-image-pixels", paramLabel = "N",
      description = ConfigFlags.MAX_IMAGE_PIXELS)
  @Nullable Long maxImagePixels;

  @Option(names = "--seed", description = "Seed (42).")
  @Nullable Long seed;

  @Option(names = "--corruptions", split = ",", paramLabel = "NAME,…",
      description = "After training, also score the best model on the validation set under "
          + "these corruptions (names, or 'all'; see `vitp plugins`), at --severities; writes "
          + "OUT/robustness.json.")
  @Nullable List<String> corruptions;

  @Option(names = "--severities", split = ",", paramLabel = "S,…",
      description = "Corruption severities, 1 (mild) to 5 (default: 1,2,3,4,5).")
  @Nullable List<Integer> severities;

  @Option(names = "--corruption-seed", description = "Seed of the corruptions' random choices, "
      + "the same for every model compared (0).")
  @Nullable Long corruptionSeed;

  @Option(names = "--backend", description = "Backend name or config JSON (default: auto, the "
      + "best-ranked backend that trains).")
  @Nullable String backend;

  @Option(names = "--progress", description = "Show a progress bar with ETA within each epoch "
      + "on stderr even when it is not a terminal (then as a plain line every tenth of an "
      + "epoch). On a terminal it is shown anyway.")
  boolean progress;

  @Override
  public Integer call() {
    OutPaths.folder(out);
    Vitp vitp = parent.vitp();
    List<JsonNode> layers = new ArrayList<>();
    if (config != null) {
      layers.add(vitp.readConfigFile(config));
    }
    layers.add(flags(vitp));
    FinetuneConfig run = vitp.finetuneConfig(layers.toArray(JsonNode[]::new));
    PrintWriter w = spec.commandLine().getOut();
    boolean terminal = Terminals.stderrIsTerminal();
    FinetuneListener bar = terminal || progress ? new FinetuneProgress(spec.commandLine().getErr(), terminal)
        : new FinetuneListener() {};
    FinetuneResult result = vitp.finetune(run, out, overwrite, new FinetuneListener() {
      @Override
      public void onStep(FinetuneStep step) {
        bar.onStep(step);
      }

      @Override
      public void onEpoch(EpochRecord e) {
        bar.onEpoch(e);
        w.printf(Locale.ROOT, "epoch %d  loss %.4f  %s  (%.1f s)%n", e.epoch(), e.trainLoss(),
            e.val() == null ? "(not validated)" : "val " + show(e.val().values()), e.seconds());
        w.flush();
      }
    });
    String backendName = vitp.objectMapper().valueToTree(
        vitp.resolveBackend(run.backend(), Capability.TRAINING)).path("type").asText();
    w.printf(Locale.ROOT, "%s on %s (%s, %d train / %d val samples, backend %s), best epoch %d:"
            + "%n  val %s%n", result.task(), run.data().path(), result.format(),
        result.trainSamples(), result.valSamples(), backendName, result.bestEpoch(),
        show(result.best().values()));
    if (result.skips().skipped() > 0) {
      w.println("  skipped " + result.skips().describe());
    }
    if (result.robustness() != null) {
      var r = result.robustness();
      w.printf(Locale.ROOT, "  under %d corruptions: clean %s %.4f, mean drop %.4f (per "
              + "corruption in %s)%n", r.scores().size(), r.metric(), r.clean(), r.meanDrop(),
          out.resolve("robustness.json"));
    }
    w.println("Wrote " + result.metrics() + " and " + result.checkpoint());
    w.println("Curves: " + RunPlots.finetune(out) + ", " + out.resolve("metrics.csv")
        + ", TensorBoard events (tensorboard --logdir " + out + ")");
    w.flush();
    return 0;
  }

  /** The flags that were given, as a config layer. */
  private ObjectNode flags(Vitp vitp) {
    ObjectMapper json = vitp.objectMapper();
    ObjectNode layer = json.createObjectNode();
    if (head != null) {
      JsonNode headConfig = ConfigFlags.component(json, "--head", head);
      if (task != null && !task.equals(headConfig.path("type").asText())) {
        throw VitpException.userError("Expected --task to name the --head's type. Received: "
            + "--task " + task + ", --head type " + headConfig.path("type"));
      }
      layer.set("head", headConfig);
    } else if (task != null) {
      layer.putObject("head").put("type", task);
    }
    ObjectNode backboneLayer = json.createObjectNode();
    if (backboneKind != null) {
      backboneLayer = (ObjectNode) ConfigFlags.component(json, "--backbone-kind", backboneKind);
    }
    if (backbone != null) {
      backboneLayer.put("source", backbone);
    }
    if (preset != null) {
      backboneLayer.put("preset", preset);
    }
    if (imageSize != null) {
      backboneLayer.put("imageSize", imageSize);
    }
    if (patchSize != null) {
      backboneLayer.put("patchSize", patchSize);
    }
    if (!backboneLayer.isEmpty()) {
      layer.set("backbone", backboneLayer);
    }
    ObjectNode recipeLayer = recipe == null ? json.createObjectNode()
        : (ObjectNode) ConfigFlags.component(json, "--recipe", recipe);
    if (linearProbe != null) {
      recipeLayer.put("linearProbe", linearProbe);
    }
    if (frozenEpochs != null) {
      recipeLayer.put("frozenEpochs", frozenEpochs);
    }
    if (epochs != null) {
      recipeLayer.put("epochs", epochs);
    }
    if (valEvery != null) {
      recipeLayer.put("valEvery", valEvery);
    }
    if (batch != null) {
      recipeLayer.put("batch", batch);
    }
    if (lr != null) {
      recipeLayer.put("lr", lr);
    }
    if (layerDecay != null) {
      recipeLayer.put("layerDecay", layerDecay);
    }
    if (!recipeLayer.isEmpty()) {
      layer.set("recipe", recipeLayer);
    }
    ObjectNode dataLayer = json.createObjectNode();
    if (data != null) {
      dataLayer.put("path", data.toAbsolutePath().toString());
    }
    if (format != null) {
      dataLayer.put("format", format);
    }
    if (onBadFile != null) {
      dataLayer.put("onBadFile", onBadFile);
    }
    if (fraction != null) {
      dataLayer.put("fraction", fraction);
    }
    if (maxImagePixels != null) {
      dataLayer.put("maxImagePixels", maxImagePixels);
    }
    if (!dataLayer.isEmpty()) {
      layer.set("data", dataLayer);
    }
    if (seed != null) {
      layer.put("seed", seed);
    }
    if (backend != null) {
      layer.set("backend", ConfigFlags.component(json, "--backend", backend));
    }
    if (corruptions != null) {
      ObjectNode robustness = layer.putObject("robustness");
      var list = robustness.putArray("corruptions");
      List<String> names = corruptions.equals(List.of("all"))
          ? vitp.componentNames(ComponentKind.CORRUPTION) : corruptions;
      names.forEach(n -> list.addObject().put("type", n));
      if (severities != null) {
        severities.forEach(robustness.putArray("severities")::add);
      }
      if (corruptionSeed != null) {
        robustness.put("seed", corruptionSeed);
      }
    } else if (severities != null || corruptionSeed != null) {
      throw VitpException.userError("Expected --corruptions with --severities or "
          + "--corruption-seed. Received: no --corruptions");
    }
    return layer;
  }

  private static String show(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
        .append(String.format(Locale.ROOT, "%.4f", v)));
    return sb.toString();
  }
}
