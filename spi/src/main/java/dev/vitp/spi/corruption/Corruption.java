package dev.vitp.spi.corruption;

/**
 * An image corruption at a severity (ImageNet-C style): severity 0 is the identity, 1 to {@link
 * #MAX_SEVERITY} degrade more and more. Images are planar, {@code image[b * height * width + y *
 * width + x]} for band b, values in [0, 1] (the downstream readers' scale before normalisation);
 * the result has the same shape and stays in [0, 1]. Every random choice (noise, cloud shapes,
 * gap positions) derives from {@code seed}, so the same call gives the same image.
 * Implementations must not change {@code image}.
 *
 * <p>The contract's properties are in the conformance module ({@code CorruptionContract}):
 * identity at severity 0, shape and range kept, deterministic per seed, and a stronger severity
 * moving the image further from the original.
 */
@FunctionalInterface
public interface Corruption {
  /** The most severe level (levels are 0, the identity, to this). */
  int MAX_SEVERITY = 5;

  /**
   * A corrupted copy of {@code image}.
   *
   * @param image planar bands of {@code width × height} values in [0, 1]; not changed
   * @param width image width in pixels
   * @param height image height in pixels
   * @param severity 0 (identity) to {@link #MAX_SEVERITY}
   * @param seed where every random choice derives from
   */
  float[] apply(float[] image, int width, int height, int severity, long seed);

  /**
   * Whether it moves pixels (rotation, scale, translation). Position-bound labels (masks, boxes)
   * no longer match such an image, so fine-tuning scores it only on image-level tasks
   * (classification).
   */
  default boolean geometric() {
    return false;
  }
}
