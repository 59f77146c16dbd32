package dev.vitp.plugins.tasks.finetune;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.FinetuneRecipeConfig;
import dev.vitp.spi.task.FinetuneJob;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Config of the built-in {@code supervised} finetuning recipe (see {@link FinetuneOptions} for
 * what each field does): {@code {"type": "supervised", "epochs": 10, "batch": 16, "lr": 5e-4,
 * "layerDecay": 0.9, "frozenEpochs": 0, "linearProbe": false, "valEvery": 1, "weightDecay":
 * 0.05, "warmupRatio": 0.1, "clipNorm": 5, "augment": true}}; every field may be left out.
 */
public record SupervisedRecipeConfig(int epochs, int batch, float lr, float layerDecay,
    int frozenEpochs, boolean linearProbe, int valEvery, float weightDecay, float warmupRatio,
    float clipNorm, boolean augment) implements FinetuneRecipeConfig {
  public SupervisedRecipeConfig {
    // The options' own check, so that a bad config fails when it is read, before any work.
    apply(FinetuneOptions.builder("check", Path.of("."), Path.of(".")), epochs, batch, lr,
        layerDecay, frozenEpochs, linearProbe, valEvery, weightDecay, warmupRatio, clipNorm,
        augment).build();
  }

  /** The defaults of {@link FinetuneOptions#builder}. */
  public SupervisedRecipeConfig() {
    this(DEFAULTS.epochs(), DEFAULTS.batch(), DEFAULTS.lr(), DEFAULTS.layerDecay(),
        DEFAULTS.frozenEpochs(), DEFAULTS.linearProbe(), DEFAULTS.valEvery(),
        DEFAULTS.weightDecay(), DEFAULTS.warmupRatio(), DEFAULTS.clipNorm(), DEFAULTS.augment());
  }

  @JsonCreator
  static SupervisedRecipeConfig fromJson(@JsonProperty("epochs") @Nullable Integer epochs,
      @JsonProperty("batch") @Nullable Integer batch, @JsonProperty("lr") @Nullable Float lr,
      @JsonProperty("layerDecay") @Nullable Float layerDecay,
      @JsonProperty("frozenEpochs") @Nullable Integer frozenEpochs,
      @JsonProperty("linearProbe") @Nullable Boolean linearProbe,
      @JsonProperty("valEvery") @Nullable Integer valEvery,
      @JsonProperty("weightDecay") @Nullable Float weightDecay,
      @JsonProperty("warmupRatio") @Nullable Float warmupRatio,
      @JsonProperty("clipNorm") @Nullable Float clipNorm,
      @JsonProperty("augment") @Nullable Boolean augment) {
    return new SupervisedRecipeConfig(or(epochs, DEFAULTS.epochs()), or(batch, DEFAULTS.batch()), or(lr, DEFAULTS.lr()),
        or(layerDecay, DEFAULTS.layerDecay()), or(frozenEpochs, DEFAULTS.frozenEpochs()),
        or(linearProbe, DEFAULTS.linearProbe()), or(valEvery, DEFAULTS.valEvery()),
        or(weightDecay, DEFAULTS.weightDecay()), or(warmupRatio, DEFAULTS.warmupRatio()),
        or(clipNorm, DEFAULTS.clipNorm()), or(augment, DEFAULTS.augment()));
  }

  private static final FinetuneOptions DEFAULTS =
      FinetuneOptions.builder("defaults", Path.of("."), Path.of(".")).build();

  private static <T> T or(@Nullable T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static FinetuneOptions.Builder apply(FinetuneOptions.Builder builder, int epochs,
      int batch, float lr, float layerDecay, int frozenEpochs, boolean linearProbe, int valEvery,
      float weightDecay, float warmupRatio, float clipNorm, boolean augment) {
    return builder.epochs(epochs).batch(batch).lr(lr).layerDecay(layerDecay)
        .frozenEpochs(frozenEpochs).linearProbe(linearProbe).valEvery(valEvery)
        .weightDecay(weightDecay).warmupRatio(warmupRatio).clipNorm(clipNorm).augment(augment);
  }

  /** The options of {@code job} trained with this recipe. */
  public FinetuneOptions options(FinetuneJob job) {
    return apply(FinetuneOptions.builder(job.headName(), job.data().path(), job.out()), epochs,
        batch, lr, layerDecay, frozenEpochs, linearProbe, valEvery, weightDecay, warmupRatio,
        clipNorm, augment)
        .backbone(job.backboneLabel()).fraction(job.data().fraction()).seed(job.seed())
        .format(job.data().format()).policy(job.data().onBadFile())
        .maxImagePixels(job.data().maxImagePixels()).build();
  }
}
