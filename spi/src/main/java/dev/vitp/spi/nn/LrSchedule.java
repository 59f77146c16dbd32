package dev.vitp.spi.nn;

import dev.vitp.spi.VitpException;

/**
 * Linear warmup from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to {@code
 * minLr} at {@code totalSteps} (the ViTP/InternVL recipe: warmup ratio, cosine).
 */
public record LrSchedule(float peak, long warmupSteps, long totalSteps, float minLr) {
  public LrSchedule {
    if (!(peak > 0) || warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps
        || minLr < 0 || minLr > peak) {
      throw VitpException.userError("Expected peak > 0, 0 <= warmupSteps <= totalSteps, "
          + "0 <= minLr <= peak. Received: peak=" + peak + ", warmupSteps=" + warmupSteps
          + ", totalSteps=" + totalSteps + ", minLr=" + minLr);
    }
  }

  /** The learning rate of (zero-based) optimizer step {@code step}. */
  public float at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    return (float) (minLr + 0.5 * (peak - minLr) * (1 + Math.cos(Math.PI * progress)));
  }
}
