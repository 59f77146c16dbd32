package dev.vitp.spi.task;

import java.util.function.Consumer;

/**
 * How a backbone and head are trained on labelled data: optimiser, schedule, freezing, epochs,
 * validation. The built-in {@code supervised} recipe fine-tunes with layer-wise learning-rate
 * decay; a plugin may add others (e.g. a semi-supervised one).
 */
@FunctionalInterface
public interface FinetuneRecipe {
  /** Trains, validates and writes the job's outputs; {@code onEpoch} hears of every epoch. */
  FinetuneResult run(FinetuneJob job, Consumer<EpochRecord> onEpoch);

  /**
   * Like {@link #run(FinetuneJob, Consumer)}, with every optimizer step reported too; a recipe
   * that does not override it reports epochs only.
   */
  default FinetuneResult run(FinetuneJob job, FinetuneListener listener) {
    return run(job, (Consumer<EpochRecord>) listener::onEpoch);
  }
}
