package dev.vitp.spi.pretrain;

/**
 * What a ViT is pretrained by: ViTP's visual instructions ({@code instruction}), masked image
 * modelling ({@code mae}), or a plugin's own. The runtime builds the ViT into the session under
 * {@code vision_model.*} (the keys {@code export-backbone} writes), hands it to {@link #build},
 * and trains every parameter of the session on the returned model's loss: batches, optimiser,
 * schedule, accumulation, clipping, checkpoints and exact resume are the runtime's.
 */
@FunctionalInterface
public interface PretrainObjective {
  /**
   * Whether batches carry the records' tokenised conversations. When true the runtime builds the
   * run's tokenizer and fills {@link ModelBatch#textIds()} and {@link ModelBatch#targets()} within
   * the preset's text budget; when false (the default) batches hold images only.
   */
  default boolean readsText() {
    return false;
  }

  /** Builds the objective's own parameters (under {@link ObjectiveSetup#scope()}) around the ViT. */
  ObjectiveModel build(ObjectiveSetup setup);
}
