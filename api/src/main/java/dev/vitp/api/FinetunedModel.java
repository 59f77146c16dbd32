package dev.vitp.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A fine-tuned model as {@code vitp evaluate} and {@code vitp predict} find it: a {@code vitp
 * finetune} folder (its {@code best.safetensors}) or a weights file beside the run's {@code
 * finetune.json}, with the run's config read back under the caller's overrides.
 *
 * @param runFolder the fine-tuning run's folder
 * @param weights the weights file
 * @param config the run's config with the overrides applied
 * @param task the head's registered name
 */
record FinetunedModel(Path runFolder, Path weights, FinetuneConfig config, String task) {
  /** Finds {@code model}; {@code task}, when given, must be the model's. */
  static FinetunedModel find(Vitp vitp, Path model, @Nullable String task, ObjectNode overrides) {
    Path runFolder;
    Path weights;
    if (Files.isDirectory(model)) {
      runFolder = model;
      weights = model.resolve("best.safetensors");
    } else if (Files.isRegularFile(model)) {
      weights = model;
      runFolder = model.toAbsolutePath().getParent();
    } else {
      throw VitpException.userError("Expected --model to name a vitp finetune folder or a "
          + "weights file in one. Received: " + model + " (does not exist)");
    }
    Path saved = runFolder.resolve(Finetuning.CONFIG_FILE);
    if (!Files.isRegularFile(saved)) {
      throw VitpException.userError("Expected " + Finetuning.CONFIG_FILE + " beside the "
          + "weights (the model is rebuilt from the fine-tuning's config). Received: no "
          + saved);
    }
    if (!Files.isRegularFile(weights)) {
      throw VitpException.userError("Expected the run's best weights. Received: no " + weights
          + " (the run validated no epoch, or name a weights file with --model)");
    }
    FinetuneConfig config = vitp.finetuneConfig(vitp.readConfigFile(saved), overrides);
    String headName = vitp.runtime().registry().forConfig(ComponentKind.TASK_HEAD,
        config.head()).name();
    if (task != null && !task.equals(headName)) {
      throw VitpException.userError("Expected --task to be the model's task. Received: --task "
          + task + ", model " + model + " was fine-tuned for " + headName);
    }
    return new FinetunedModel(runFolder, weights, config, headName);
  }
}
