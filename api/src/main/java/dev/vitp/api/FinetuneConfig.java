package dev.vitp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.vitp.spi.BackboneConfig;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.FinetuneRecipeConfig;
import dev.vitp.spi.TaskHeadConfig;
import dev.vitp.spi.task.FinetuneData;
import org.jspecify.annotations.Nullable;

/**
 * A finetuning run, every choice a named plugin config: read from JSON or YAML ({@code vitp
 * finetune --config ft.yaml}), built from flags or in code, and run by {@link Vitp#finetune}. A
 * config file may leave out anything but {@code head} and {@code data.path}; see {@link
 * Vitp#finetuneConfig} for the defaults.
 *
 * <pre>{@code
 * head:     {type: segmentation}                     # the task
 * backbone: {type: vit, source: runs/rs/backbone.safetensors}
 * recipe:   {type: supervised, epochs: 10, lr: 5.0e-4, layerDecay: 0.9}
 * data:     {path: data/rs/downstream/land-cover, fraction: 0.1}
 * backend:  {type: jvm}
 * seed:     42
 * }</pre>
 *
 * <p>The output folder keeps the resolved config as {@code finetune.json}, with the plugins that
 * built each component; it is itself a valid config file.
 *
 * @param backend where it trains ({@code auto}, the default, is saved as the backend it picked)
 * @param backbone the ViT: a vitp export, an InternViT checkpoint, or random init of a preset
 * @param head the task head; its name is the task's
 * @param recipe how it trains (optimiser, schedule, epochs, freezing)
 * @param data the labelled data
 * @param seed every random choice of the run derives from it
 * @param robustness scores of the best model under corruptions, or null (the default) for none
 */
@JsonIgnoreProperties(value = {RunConfig.PLUGINS}, allowGetters = true)
public record FinetuneConfig(BackendConfig backend, BackboneConfig backbone, TaskHeadConfig head,
    FinetuneRecipeConfig recipe, FinetuneData data, long seed,
    @Nullable RobustnessConfig robustness) {
  public FinetuneConfig withBackend(BackendConfig newBackend) {
    return new FinetuneConfig(newBackend, backbone, head, recipe, data, seed, robustness);
  }
}
