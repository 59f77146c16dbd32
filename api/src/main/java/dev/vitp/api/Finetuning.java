package dev.vitp.api;

import dev.vitp.api.metrics.EventFileWriter;
import dev.vitp.api.metrics.FinetuneRecorder;
import dev.vitp.api.metrics.MetricsCsv;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.api.train.RunFolder;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.task.FinetuneJob;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneRecipe;
import dev.vitp.spi.task.FinetuneResult;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.spi.CorruptionConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import dev.vitp.spi.task.RobustnessCheck;
import dev.vitp.spi.task.RobustnessScores;
import dev.vitp.toolkit.io.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Map;

/** The work behind {@link Vitp#finetune}: builds what a {@link FinetuneConfig} names, runs it. */
final class Finetuning {
  /** The resolved config of a finetuning run, in its output folder. */
  static final String CONFIG_FILE = "finetune.json";

  /** The best model's scores under corruptions, when the config asks for them. */
  static final String ROBUSTNESS_FILE = "robustness.json";

  private final Vitp vitp;

  Finetuning(Vitp vitp) {
    this.vitp = vitp;
  }

  FinetuneResult run(FinetuneConfig requested, Path out, boolean overwrite,
      FinetuneListener listener) {
    // auto resolved, so that finetune.json records the backend that ran
    FinetuneConfig config = requested.withBackend(
        vitp.resolveBackend(requested.backend(), Capability.TRAINING));
    Backend backend = vitp.backend(config.backend(), Capability.TRAINING, "vitp finetune");
    BackboneBuilder backbone = (BackboneBuilder) vitp.createForRun(ComponentKind.BACKBONE,
        config.backbone(), out);
    TaskHeadBuilder head = (TaskHeadBuilder) vitp.createForRun(ComponentKind.TASK_HEAD,
        config.head(), out);
    FinetuneRecipe recipe = (FinetuneRecipe) vitp.createForRun(ComponentKind.FINETUNE_RECIPE,
        config.recipe(), out);
    String headName = vitp.runtime().registry().forConfig(ComponentKind.TASK_HEAD, config.head())
        .name();
    String backboneLabel = config.backbone() instanceof VitBackboneConfig vit ? vit.source()
        : vitp.runtime().registry().forConfig(ComponentKind.BACKBONE, config.backbone()).name();
    RobustnessCheck robustness = robustnessCheck(config.robustness(), out);
    try (RunFolder folder = RunFolder.claimNew(out, "vitp finetune", overwrite,
        Finetuning::isRunOutput)) {
      FinetuneResult result = folder.run(() -> {
        try (FinetuneRecorder recorder = new FinetuneRecorder(out, listener)) {
          return train(config, out, backend, backbone, head, headName, backboneLabel, recipe,
              robustness, recorder);
        }
      }, name -> name.endsWith(".safetensors"));
      if (robustness != null) {
        RobustnessScores scores = result.robustness();
        if (scores == null) {
          throw VitpException.userError("Expected the finetuning recipe "
              + vitp.runtime().registry().forConfig(ComponentKind.FINETUNE_RECIPE,
                  config.recipe()).name()
              + " to score the robustness check the config asks for. Received: no scores "
              + "(it does not support robustness; leave out robustness or use supervised)");
        }
        writeRobustness(out.resolve(ROBUSTNESS_FILE), scores, robustness);
      }
      return result;
    }
  }

  /** The corruptions a config names, built, or null when it asks for none. */
  private @Nullable RobustnessCheck robustnessCheck(@Nullable RobustnessConfig config, Path out) {
    if (config == null) {
      return null;
    }
    Map<String, Corruption> corruptions = new LinkedHashMap<>();
    for (CorruptionConfig c : config.corruptions()) {
      String name = vitp.runtime().registry().forConfig(ComponentKind.CORRUPTION, c).name();
      if (corruptions.put(name, (Corruption) vitp.createForRun(ComponentKind.CORRUPTION, c,
          out)) != null) {
        throw VitpException.userError("Expected each corruption once. Received: " + name
            + " twice");
      }
    }
    return new RobustnessCheck(corruptions, config.severities(), config.seed());
  }

  /**
   * robustness.json: the clean score, the mean drop and every corruption's score per severity
   * (and its mean), for the best model.
   */
  private void writeRobustness(Path file, RobustnessScores scores, RobustnessCheck check) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("metric", scores.metric());
    root.put("clean", scores.clean());
    root.put("mean_drop", scores.meanDrop());
    root.put("severities", check.severities());
    root.put("seed", check.seed());
    Map<String, Object> byCorruption = new LinkedHashMap<>();
    for (String name : scores.scores().keySet()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("mean", scores.mean(name));
      c.put("drop", scores.clean() - scores.mean(name));
      Map<String, Double> bySeverity = new LinkedHashMap<>();
      scores.scores().get(name).forEach((s, v) -> bySeverity.put(Integer.toString(s), v));
      c.put("by_severity", bySeverity);
      byCorruption.put(name, c);
    }
    root.put("corruptions", byCorruption);
    try {
      AtomicFiles.write(file, vitp.objectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(root));
    } catch (java.io.IOException e) {
      throw VitpException.internal("Could not write " + file + ": " + e);
    }
  }

  /** The files a fine-tuning run writes (the supervised recipe's and the resolved config). */
  static boolean isRunOutput(String name) {
    return List.of(CONFIG_FILE, "metrics.json", "epochs.jsonl", "best.safetensors",
        ROBUSTNESS_FILE, MetricsCsv.FILE, FinetuneRecorder.PLOT)
        .contains(name) || name.startsWith(EventFileWriter.PREFIX);
  }

  private FinetuneResult train(FinetuneConfig config, Path out, Backend backend,
      BackboneBuilder backbone, TaskHeadBuilder head, String headName, String backboneLabel,
      FinetuneRecipe recipe, @Nullable RobustnessCheck robustness,
      FinetuneListener listener) {
    SavedConfigs.write(out.resolve(CONFIG_FILE), SavedConfigs.resolved(vitp, config, Map.of(
        ComponentKind.BACKEND, config.backend(), ComponentKind.BACKBONE, config.backbone(),
        ComponentKind.TASK_HEAD, config.head(), ComponentKind.FINETUNE_RECIPE, config.recipe())),
        vitp.objectMapper());
    return recipe.run(new FinetuneJob(backend, backbone, head, headName, config.data(), out,
        config.seed(), backboneLabel, robustness), listener);
  }
}
