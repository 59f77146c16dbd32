package dev.vitp.api.train;

import dev.vitp.spi.nn.LrSchedule;
import dev.vitp.spi.VitpException;

/**
 * Pretraining settings. {@code steps} counts optimizer updates; each update accumulates gradients
 * over {@code accumulation} micro-batches of {@code batchSize}.
 *
 * @param vitLrScale the vision tower's learning rate as a share of {@code lr} (LLaVA's
 *     {@code mm_vision_tower_lr}): AdamW moves every weight by about lr per step whatever its
 *     gradient's size, so a ViT trained from scratch at the decoder's rate drifts far from its
 *     initialisation on a weak, noisy signal before the decoder has learned to read the image
 * @param warmupRatio share of {@code steps} spent in linear warmup
 * @param clipNorm global gradient-norm bound (0 disables clipping)
 * @param checkpointEvery steps between checkpoints (0: only at the end and on Ctrl-C)
 * @param valEvery steps between held-out losses ({@code val_loss}; 0, the default: none, and no
 *     record is held out). Holding out changes what trains, so it is fixed for a run's life
 * @param valShare the share of the distinct records held out from training when {@code valEvery}
 *     is set (seeded by {@code seed}, the same records for the whole run; default {@value
 *     #DEFAULT_VAL_SHARE})
 */
public record TrainConfig(
    long steps,
    int batchSize,
    int accumulation,
    float lr,
    float vitLrScale,
    float minLr,
    float warmupRatio,
    float weightDecay,
    float clipNorm,
    boolean freezeVit,
    boolean freezeProjector,
    boolean freezeDecoder,
    long seed,
    int checkpointEvery,
    int valEvery,
    float valShare) {

  public TrainConfig {
    if (steps <= 0 || batchSize <= 0 || accumulation <= 0 || !(lr > 0) || !(vitLrScale > 0)
        || minLr < 0 || minLr > lr
        || warmupRatio < 0 || warmupRatio > 1 || weightDecay < 0 || clipNorm < 0
        || checkpointEvery < 0 || valEvery < 0 || !(valShare > 0 && valShare < 1)) {
      throw VitpException.userError("Expected steps, batchSize, accumulation > 0; lr, vitLrScale "
          + "> 0; 0 <= minLr <= lr; warmupRatio in [0, 1]; weightDecay, clipNorm, "
          + "checkpointEvery, valEvery >= 0; valShare in (0, 1). "
          + "Received: " + TrainConfig.class.getSimpleName() + "(steps=" + steps + ", batchSize="
          + batchSize + ", accumulation=" + accumulation + ", lr=" + lr + ", vitLrScale="
          + vitLrScale + ", minLr=" + minLr
          + ", warmupRatio=" + warmupRatio + ", weightDecay=" + weightDecay + ", clipNorm="
          + clipNorm + ", checkpointEvery=" + checkpointEvery + ", valEvery=" + valEvery
          + ", valShare=" + valShare + ")");
    }
  }

  /**
   * The vision tower's share of the learning rate for a ViT trained from scratch: measured on the
   * demo's nano budget (600 steps), 0.1 gave the highest downstream scores of 0.03, 0.1, 0.3 and 1.
   */
  public static final float DEFAULT_VIT_LR_SCALE = 0.1f;

  /** The share of records held out for {@code val_loss} when {@code valEvery} is set: 2 %. */
  public static final float DEFAULT_VAL_SHARE = 0.02f;

  /** Defaults for a small model trained from scratch on 2 cores. */
  public static TrainConfig defaults(long steps) {
    return new TrainConfig(steps, 8, 1, 1e-3f, DEFAULT_VIT_LR_SCALE, 1e-5f, 0.1f, 0.01f, 1.0f,
        false, false, false, 42L, 100, 0, DEFAULT_VAL_SHARE);
  }

  public LrSchedule schedule() {
    long warmup = Math.round(steps * (double) warmupRatio);
    return new LrSchedule(lr, warmup, steps, minLr);
  }

  public TrainConfig withSteps(long newSteps) {
    return new TrainConfig(newSteps, batchSize, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withBatchSize(int newBatch) {
    return new TrainConfig(steps, newBatch, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withLr(float newLr) {
    return new TrainConfig(steps, batchSize, accumulation, newLr, vitLrScale,
        Math.min(minLr, newLr), warmupRatio, weightDecay, clipNorm, freezeVit, freezeProjector,
        freezeDecoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withVitLrScale(float scale) {
    return new TrainConfig(steps, batchSize, accumulation, lr, scale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(steps, batchSize, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, newSeed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withCheckpointEvery(int every) {
    return new TrainConfig(steps, batchSize, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, every, valEvery, valShare);
  }

  public TrainConfig withAccumulation(int micro) {
    return new TrainConfig(steps, batchSize, micro, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withFreeze(boolean vit, boolean projector, boolean decoder) {
    return new TrainConfig(steps, batchSize, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, vit, projector, decoder, seed, checkpointEvery, valEvery, valShare);
  }

  public TrainConfig withValidation(int every, float share) {
    return new TrainConfig(steps, batchSize, accumulation, lr, vitLrScale, minLr, warmupRatio,
        weightDecay, clipNorm, freezeVit, freezeProjector, freezeDecoder, seed, checkpointEvery,
        every, share);
  }
}
