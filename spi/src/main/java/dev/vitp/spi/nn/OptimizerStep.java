package dev.vitp.spi.nn;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Step;
import java.util.List;
import java.util.function.Function;

/**
 * The update that ends every training step, in pre- and fine-tuning alike: the global L2 norm of
 * the accumulated gradients over every optimizer taking part, a refusal to update when that norm
 * is not finite, clipping to {@code clipNorm} (PyTorch's {@code clip_grad_norm_}), then one AdamW
 * update per optimizer.
 */
public final class OptimizerStep {
  /** One optimizer taking part and its 1-based update count, for bias correction. */
  public record Part(AdamW optimizer, long updateCount) {}

  private OptimizerStep() {}

  /**
   * Applies the update on {@code step} (an inference step: no graph is recorded).
   *
   * @param gradientScale multiplies every gradient before norm and update (e.g. to turn gradients
   *     summed over some micro-batches into their mean)
   * @param clipNorm the largest global norm let through, 0 for no clipping
   * @param nonFinite builds the error thrown, before any weight changes, for a norm that is NaN or
   *     infinite
   * @return the global gradient norm before clipping
   */
  public static float apply(Step step, List<Part> parts, float lr, float gradientScale,
      float clipNorm, Function<Float, VitpException> nonFinite) {
    double squares = 0;
    for (Part part : parts) {
      double norm = part.optimizer().gradientNorm(step);
      squares += norm * norm;
    }
    float norm = (float) Math.sqrt(squares) * gradientScale;
    if (!Float.isFinite(norm)) {
      throw nonFinite.apply(norm);
    }
    float clip = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1f;
    for (Part part : parts) {
      part.optimizer().update(step, lr, gradientScale * clip, part.updateCount());
    }
    return norm;
  }
}
