package dev.vitp.api;

import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.api.train.RunFolder;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneJob;
import dev.vitp.spi.task.FinetuneRecipe;
import dev.vitp.spi.task.FinetuneResult;
import dev.vitp.spi.task.TaskHeadBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The work behind {@link Vitp#finetune}: builds what a {@link FinetuneConfig} names, runs it. */
final class Finetuning {
  /** The resolved config of a finetuning run, in its output folder. */
  static final String CONFIG_FILE = "finetune.json";

  private final Vitp vitp;

  Finetuning(Vitp vitp) {
    this.vitp = vitp;
  }

  FinetuneResult run(FinetuneConfig requested, Path out, boolean overwrite,
      Consumer<EpochRecord> onEpoch) {
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
    try (RunFolder folder = RunFolder.claimNew(out, "vitp finetune", overwrite,
        Finetuning::isRunOutput)) {
      return train(config, out, backend, backbone, head, headName, backboneLabel, recipe,
          onEpoch);
    }
  }

  /** The files a fine-tuning run writes (the supervised recipe's and the resolved config). */
  static boolean isRunOutput(String name) {
    return List.of(CONFIG_FILE, "metrics.json", "epochs.jsonl", "best.safetensors")
        .contains(name);
  }

  private FinetuneResult train(FinetuneConfig config, Path out, Backend backend,
      BackboneBuilder backbone, TaskHeadBuilder head, String headName, String backboneLabel,
      FinetuneRecipe recipe, Consumer<EpochRecord> onEpoch) {
    SavedConfigs.write(out.resolve(CONFIG_FILE), SavedConfigs.resolved(vitp, config, Map.of(
        ComponentKind.BACKEND, config.backend(), ComponentKind.BACKBONE, config.backbone(),
        ComponentKind.TASK_HEAD, config.head(), ComponentKind.FINETUNE_RECIPE, config.recipe())),
        vitp.objectMapper());
    return recipe.run(new FinetuneJob(backend, backbone, head, headName, config.data(), out,
        config.seed(), backboneLabel, null), onEpoch);
  }
}
