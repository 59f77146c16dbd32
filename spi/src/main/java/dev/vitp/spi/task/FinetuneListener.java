package dev.vitp.spi.task;

import java.util.function.Consumer;

/**
 * Hears how a fine-tuning run goes: every optimizer step (progress bars, step-level metrics)
 * and every finished epoch. A recipe that reports epochs only calls {@link #onEpoch} alone.
 * Both methods do nothing by default (so a lambda is a {@code Consumer<EpochRecord>}, see
 * {@link #ofEpochs}).
 */
public interface FinetuneListener {
  /** After each optimizer step. */
  default void onStep(FinetuneStep step) {}

  /** After each epoch, validated or not. */
  default void onEpoch(EpochRecord epoch) {}

  /** A listener that hears epochs only. */
  static FinetuneListener ofEpochs(Consumer<EpochRecord> onEpoch) {
    return new FinetuneListener() {
      @Override
      public void onEpoch(EpochRecord epoch) {
        onEpoch.accept(epoch);
      }
    };
  }
}
