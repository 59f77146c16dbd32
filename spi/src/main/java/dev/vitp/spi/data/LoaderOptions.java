package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import org.jspecify.annotations.Nullable;

/**
 * How a trainer wants its batches: size, the model's square image size, the seed and epoch that
 * fix the order (independently of thread timing), and the loader's threads and memory bound.
 *
 * @param batchSize records per batch
 * @param imageSize the model's input side in pixels; every image is resized to it
 * @param seed fixes the sample order and augmentations
 * @param epoch a new order per epoch
 * @param workers background decoding threads
 * @param prefetchBatches the bound on decoded batches held ahead of the consumer
 * @param shuffle false reads the datasets in recipe order (debugging)
 * @param dropLast drop a last batch smaller than {@code batchSize}
 * @param maxImagePixels the decoding bound ({@link ImageLimits}): a larger image or volume is a
 *     bad record (skipped and counted, or a stop under policy fail), never an allocation
 * @param holdout which records an epoch leaves out (training) or reads alone (held-out
 *     validation), or null: every record. Only sources whose {@link
 *     InstructionSource#supportsHoldout()} is true apply it
 */
public record LoaderOptions(int batchSize, int imageSize, long seed, int epoch, int workers,
    int prefetchBatches, boolean shuffle, boolean dropLast, long maxImagePixels,
    @Nullable Holdout holdout) {
  public LoaderOptions {
    check("batchSize", batchSize, 1);
    check("imageSize", imageSize, 1);
    check("epoch", epoch, 0);
    check("workers", workers, 1);
    check("prefetchBatches", prefetchBatches, 1);
    ImageLimits.require(maxImagePixels);
  }

  private static void check(String name, int value, int min) {
    if (value < min) {
      throw VitpException.userError(
          "Expected " + name + " >= " + min + ". Received: " + name + "=" + value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().batchSize(batchSize).imageSize(imageSize).seed(seed).epoch(epoch)
        .workers(workers).prefetchBatches(prefetchBatches).shuffle(shuffle).dropLast(dropLast)
        .maxImagePixels(maxImagePixels).holdout(holdout);
  }

  /**
   * A seeded, fixed share of a source's distinct records, held out from training: a record is
   * held out when a hash of ({@code seed}, its key) falls below {@code share}, so the choice does
   * not depend on the epoch, the order or the other records. A source keys each distinct record
   * by where it is stored (for a recipe: dataset and line), so repeats of a record share its fate.
   *
   * @param share expected share of records held out, in (0, 1)
   * @param seed fixes which
   * @param heldOut true: the batches read only the held-out records, each once, in stored order;
   *     false: they read every other record
   */
  public record Holdout(double share, long seed, boolean heldOut) {
    public Holdout {
      if (!(share > 0 && share < 1)) {
        throw VitpException.userError("Expected a held-out share in (0, 1). Received: share="
            + share);
      }
    }

    /** Whether the record with {@code key} is held out. */
    public boolean isHeldOut(long key) {
      long z = seed + 0x9E3779B97F4A7C15L * (key + 1);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      return (z >>> 11) * 0x1.0p-53 < share;
    }

    /** Whether these batches read the record with {@code key}. */
    public boolean reads(long key) {
      return isHeldOut(key) == heldOut;
    }
  }

  /**
   * Defaults: batch 8, 64 px, seed 0, epoch 0, min(4, cores) workers, 4 batches ahead, shuffled,
   * {@link ImageLimits#DEFAULT_MAX_PIXELS}.
   */
  public static final class Builder {
    private int batchSize = 8;
    private int imageSize = 64;
    private long seed;
    private int epoch;
    private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private int prefetchBatches = 4;
    private boolean shuffle = true;
    private boolean dropLast;
    private long maxImagePixels = ImageLimits.DEFAULT_MAX_PIXELS;
    private @Nullable Holdout holdout;

    private Builder() {}

    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder imageSize(int v) { imageSize = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder epoch(int v) { epoch = v; return this; }
    public Builder workers(int v) { workers = v; return this; }
    public Builder prefetchBatches(int v) { prefetchBatches = v; return this; }
    public Builder shuffle(boolean v) { shuffle = v; return this; }
    public Builder dropLast(boolean v) { dropLast = v; return this; }
    public Builder maxImagePixels(long v) { maxImagePixels = v; return this; }
    public Builder holdout(@Nullable Holdout v) { holdout = v; return this; }

    public LoaderOptions build() {
      return new LoaderOptions(batchSize, imageSize, seed, epoch, workers, prefetchBatches,
          shuffle, dropLast, maxImagePixels, holdout);
    }
  }
}
