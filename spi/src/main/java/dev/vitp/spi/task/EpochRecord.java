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
 */
public record EpochRecord(int epoch, double trainLoss, double lr, double seconds,
    @Nullable TaskScores val) {}
