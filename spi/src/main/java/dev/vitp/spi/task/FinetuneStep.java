package dev.vitp.spi.task;

/**
 * One optimizer step of a fine-tuning run.
 *
 * @param epoch 1-based
 * @param stepInEpoch 1-based step within the epoch
 * @param stepsInEpoch the epoch's steps
 * @param step 1-based step of the run
 * @param totalSteps the run's steps
 * @param loss the step's training loss
 * @param lr the step's learning rate (head group)
 * @param samples samples in the step's batch
 * @param seconds wall time of the step
 * @param wallTime when the step ended, in seconds since the epoch
 */
public record FinetuneStep(int epoch, int stepInEpoch, int stepsInEpoch, long step,
    long totalSteps, double loss, double lr, int samples, double seconds, double wallTime) {
  /** Samples per second of the step. */
  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : 0;
  }
}
