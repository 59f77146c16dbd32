package dev.vitp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.PretrainObjectiveConfig;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.TokenizerConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import org.jspecify.annotations.Nullable;

/**
 * A pretraining run, every choice a named plugin config: read from JSON or YAML ({@code vitp
 * pretrain --config run.yaml}), built from flags, or built in code, and run by {@link
 * Vitp#pretrain}. A config file may leave out anything but {@code source} and {@code
 * train.steps}; see {@link Vitp#runConfig} for how layers and defaults combine.
 *
 * <pre>{@code
 * source:    {type: internvl-jsonl, recipe: data/rs/recipe.json}
 * objective: {type: instruction}            # ViTP; {type: mae} for masked autoencoding
 * tokenDrop: {type: uniform, ratio: 0.75}   # VRL; {type: none} turns it off
 * tokenizer: {type: word}                   # fitted on the data, saved in the run
 * backend:   {type: jvm}
 * preset:    nano
 * train:     {steps: 2000, batchSize: 16, lr: 0.001}
 * }</pre>
 *
 * <p>The run folder keeps the resolved config (every default filled in, plus the versions of the
 * plugins that contributed components) as {@code run.json}, which is itself a valid config file.
 *
 * @param backend where the model trains ({@code auto}, the default, is resolved to the
 *     best-ranked backend that trains before the run starts, and saved as that)
 * @param source the instruction records (their images only, for an objective that reads no text)
 * @param objective what the ViT is pretrained by ({@code instruction}, the default, or {@code
 *     mae})
 * @param tokenizer text to token ids ({@code word} is fitted on {@code source} when it names no
 *     file); unused by an objective that reads no text
 * @param tokenDrop the VRL strategy, for objectives that drop image tokens ({@code instruction})
 * @param preset the model's sizes ({@code nano}, {@code tiny}: presets with a language decoder)
 * @param train optimiser, schedule, batch, seed, checkpoints
 * @param workers image decoding threads
 * @param maxImagePixels the decoding bound ({@link ImageLimits}, {@code --max-image-pixels}): a
 *     larger image or volume is a bad record, skipped and counted (or a stop under policy fail);
 *     like {@code workers} a resource setting, so a resumed run may change it
 * @param initBackbone a pretrained ViT the run starts from instead of random init (null: random):
 *     an InternViT/HuggingFace folder, a vitp export or a bare InternViT safetensors file such as
 *     ViTP's published one. Its architecture replaces the preset's ViT (width, depth, heads, patch
 *     size, layer scale); the preset keeps the image size, whereto the position grid is resized,
 *     and the decoder. A relative path is read from the working directory.
 * @param model sizes that override the preset's, as a partial model spec merged over it field by
 *     field (null: the preset as it is): {@code {"vit": {"width": 192, "heads": 6}, "decoder":
 *     {"textTokens": 96}}}; {@code --model model.json} and {@code --text-tokens N} set it
 */
@JsonIgnoreProperties(value = {RunConfig.PLUGINS}, allowGetters = true)
public record RunConfig(BackendConfig backend, InstructionSourceConfig source,
    PretrainObjectiveConfig objective, TokenizerConfig tokenizer, TokenDropConfig tokenDrop,
    String preset, TrainConfig train, int workers, long maxImagePixels,
    @Nullable String initBackbone, @Nullable JsonNode model) {
  /** The key under which a saved config lists the plugins that built its components. */
  public static final String PLUGINS = "plugins";

  public RunConfig {
    // A saved run.json says "model": null for a run with the preset's sizes.
    model = model == null || model.isNull() ? null : model;
    if (workers < 1) {
      throw VitpException.userError("Expected workers >= 1. Received: workers=" + workers);
    }
    ImageLimits.require(maxImagePixels);
  }

  public RunConfig withTrain(TrainConfig newTrain) {
    return new RunConfig(backend, source, objective, tokenizer, tokenDrop, preset, newTrain,
        workers, maxImagePixels, initBackbone, model);
  }

  public RunConfig withBackend(BackendConfig newBackend) {
    return new RunConfig(newBackend, source, objective, tokenizer, tokenDrop, preset, train,
        workers, maxImagePixels, initBackbone, model);
  }

  public RunConfig withTokenizer(TokenizerConfig newTokenizer) {
    return new RunConfig(backend, source, objective, newTokenizer, tokenDrop, preset, train,
        workers, maxImagePixels, initBackbone, model);
  }
}
