package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.model.BackboneBuilder;
import java.nio.file.Path;

/**
 * What {@link FinetuneRecipe#predict} runs: a fine-tuned model (backbone and head rebuilt from
 * the run's config, filled strictly from {@code weights}, as {@link EvaluationJob} loads it) on
 * unlabelled images, writing its predictions under {@code out}.
 *
 * @param backend where the model runs (inference is enough)
 * @param backbone the run's backbone, built as the run built it
 * @param head the run's task head
 * @param headName the head's registered name, the task's
 * @param data the run's labelled data options (format, and the folder whose class colours a mask
 *     palette takes, where it still exists); nothing in it is read as input
 * @param weights the model's weights (a fine-tuning run's {@code best.safetensors})
 * @param images the folder of images to predict (change detection: of date folders)
 * @param out the folder the predictions are written to (claimed by the caller)
 * @param tile the side of a tile in image pixels, or 0 for the model's input size
 * @param overlap the share of a tile that neighbouring tiles overlap, in [0, 1)
 * @param onBadFile skip (and name) images that do not decode, or stop at the first
 * @param maxImagePixels the decoding bound ({@link ImageLimits})
 * @param seed the session's seed (inference draws nothing, but sessions take one)
 * @param shard which part of the images this job predicts ({@link Shard#ALL}: every image)
 */
public record PredictionJob(Backend backend, BackboneBuilder backbone, TaskHeadBuilder head,
    String headName, FinetuneData data, Path weights, Path images, Path out, int tile,
    double overlap, BadRecordPolicy onBadFile, long maxImagePixels, long seed, Shard shard) {
  public PredictionJob {
    if (tile < 0 || tile == 1) {
      throw VitpException.userError("Expected a tile of at least 2 pixels, or 0 for the model's "
          + "input size. Received: tile=" + tile);
    }
    if (!(overlap >= 0 && overlap < 1)) {
      throw VitpException.userError("Expected 0 <= overlap < 1. Received: overlap=" + overlap);
    }
    ImageLimits.require(maxImagePixels);
  }

  /** A job over every image. */
  public PredictionJob(Backend backend, BackboneBuilder backbone, TaskHeadBuilder head,
      String headName, FinetuneData data, Path weights, Path images, Path out, int tile,
      double overlap, BadRecordPolicy onBadFile, long maxImagePixels, long seed) {
    this(backend, backbone, head, headName, data, weights, images, out, tile, overlap, onBadFile,
        maxImagePixels, seed, Shard.ALL);
  }
}
