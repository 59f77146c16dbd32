package dev.vitp.spi.task;

import org.jspecify.annotations.Nullable;

/**
 * One epoch of a finetuning run.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's steps
 * @param lr the learning rate of the epoch's last step (head group)
 * @param seconds wall time of training and validation
 * @param val validation metrics after the epoch, or null where it was not validated (a recipe
 *     may validate only every few epochs)
 * @param wallTime when the epoch ended, in seconds since the epoch (as TensorBoard records it)
 */
public record EpochRecord(int epoch, double trainLoss, double lr, double seconds,
    @Nullable TaskScores val, double wallTime) {
  /** An epoch that ends now. */
  public EpochRecord(int epoch, double trainLoss, double lr, double seconds,
      @Nullable TaskScores val) {
    this(epoch, trainLoss, lr, seconds, val, System.currentTimeMillis() / 1000.0);
  }
}
