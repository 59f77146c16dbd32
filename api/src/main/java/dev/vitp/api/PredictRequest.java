package dev.vitp.api;

import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.task.Shard;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Vitp#predict} runs and where it writes. Build with {@link #of} and the withers.
 *
 * @param model a {@code vitp finetune} output folder, or a weights file of one beside its {@code
 *     finetune.json}
 * @param images the folder of images (change detection: with {@code A/} + {@code B/} or {@code
 *     Image1/} + {@code Image2/})
 * @param out the output folder: new or empty unless {@code overwrite}
 * @param task the task's name, checked against the model's; null to take the model's
 * @param tile the tile side in image pixels; 0 for the model's input size
 * @param overlap the share of a tile its neighbours overlap, in [0, 1)
 * @param backend where the model runs, or null for the backend the run trained on
 * @param onBadFile skip and name images that do not decode, or stop at the first
 * @param maxImagePixels the decoding bound ({@link ImageLimits})
 * @param overwrite replace an earlier prediction's files in {@code out}
 * @param shard the part of the images to predict ({@link Shard#ALL}, or one worker's part of a
 *     distributed job, whose parts written one after the other give the whole)
 */
public record PredictRequest(Path model, Path images, Path out, @Nullable String task, int tile,
    double overlap, @Nullable BackendConfig backend, BadRecordPolicy onBadFile,
    long maxImagePixels, boolean overwrite, Shard shard) {
  /** mmsegmentation's slide inference and the DOTA devkit overlap tiles by about a quarter. */
  public static final double DEFAULT_OVERLAP = 0.25;

  public PredictRequest {
    if (tile < 0 || tile == 1) {
      throw VitpException.userError("Expected --tile of at least 2 pixels, or 0 for the model's "
          + "input size. Received: tile=" + tile);
    }
    if (!(overlap >= 0 && overlap < 1)) {
      throw VitpException.userError("Expected 0 <= --overlap < 1. Received: overlap=" + overlap);
    }
    ImageLimits.require(maxImagePixels);
  }

  /** A request over every image. */
  public PredictRequest(Path model, Path images, Path out, @Nullable String task, int tile,
      double overlap, @Nullable BackendConfig backend, BadRecordPolicy onBadFile,
      long maxImagePixels, boolean overwrite) {
    this(model, images, out, task, tile, overlap, backend, onBadFile, maxImagePixels, overwrite,
        Shard.ALL);
  }

  /** Predicts {@code images} with {@code model} into {@code out}, with the defaults. */
  public static PredictRequest of(Path model, Path images, Path out) {
    return new PredictRequest(model, images, out, null, 0, DEFAULT_OVERLAP, null,
        BadRecordPolicy.SKIP, ImageLimits.DEFAULT_MAX_PIXELS, false, Shard.ALL);
  }

  public PredictRequest withTask(@Nullable String name) {
    return new PredictRequest(model, images, out, name, tile, overlap, backend, onBadFile,
        maxImagePixels, overwrite, shard);
  }

  public PredictRequest withTiles(int side, double share) {
    return new PredictRequest(model, images, out, task, side, share, backend, onBadFile,
        maxImagePixels, overwrite, shard);
  }

  public PredictRequest withBackend(@Nullable BackendConfig config) {
    return new PredictRequest(model, images, out, task, tile, overlap, config, onBadFile,
        maxImagePixels, overwrite, shard);
  }

  public PredictRequest withOnBadFile(BadRecordPolicy policy) {
    return new PredictRequest(model, images, out, task, tile, overlap, backend, policy,
        maxImagePixels, overwrite, shard);
  }

  public PredictRequest withMaxImagePixels(long n) {
    return new PredictRequest(model, images, out, task, tile, overlap, backend, onBadFile, n,
        overwrite, shard);
  }

  public PredictRequest withOverwrite(boolean value) {
    return new PredictRequest(model, images, out, task, tile, overlap, backend, onBadFile,
        maxImagePixels, value, shard);
  }

  /** This request for one part of the images, written to {@code partOut}. */
  public PredictRequest withShard(Shard part, Path partOut) {
    return new PredictRequest(model, images, partOut, task, tile, overlap, backend, onBadFile,
        maxImagePixels, overwrite, part);
  }
}
