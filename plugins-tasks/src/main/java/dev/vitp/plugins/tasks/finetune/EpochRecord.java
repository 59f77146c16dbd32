package dev.vitp.plugins.tasks.finetune;

import dev.vitp.spi.task.TaskScores;

/**
 * One epoch of a finetuning run.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's steps
 * @param lr the learning rate of the epoch's last step (head group)
 * @param seconds wall time of training and validation
 * @param val validation metrics after the epoch
 */
public record EpochRecord(int epoch, double trainLoss, double lr, double seconds,
    TaskScores val) {}
