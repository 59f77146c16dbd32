package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.image.ImageLimits;
import org.jspecify.annotations.Nullable;

/**
 * How a dataset is read.
 *
 * @param imageSize the backbone's input size; images are resized to {@code imageSize²}
 * @param format a format name ({@link Datasets#formats()}), or null to detect it from the files
 * @param policy what a bad file does: skip it (counted) or fail the run
 * @param normalization pixel normalisation (InternVL's ImageNet statistics by default)
 * @param keepFullMasks keep validation masks at the original resolution, so segmentation metrics
 *     are computed there (as mmsegmentation does) rather than at input resolution
 * @param maxImagePixels the decoding bound ({@link ImageLimits}): a larger image or NIfTI volume
 *     is a bad file ("image too large"), skipped or stopping the run under the policy
 */
public record DatasetOptions(int imageSize, @Nullable String format, BadRecordPolicy policy,
    ImageNormalization normalization, boolean keepFullMasks, long maxImagePixels) {
  public DatasetOptions {
    if (imageSize < 1) {
      throw VitpException.userError("Expected imageSize >= 1. Received: imageSize=" + imageSize);
    }
    ImageLimits.require(maxImagePixels);
  }

  public static DatasetOptions of(int imageSize) {
    return new DatasetOptions(imageSize, null, BadRecordPolicy.SKIP, ImageNormalization.internVl(),
        true, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  public DatasetOptions withFormat(@Nullable String name) {
    return new DatasetOptions(imageSize, name, policy, normalization, keepFullMasks,
        maxImagePixels);
  }

  public DatasetOptions withPolicy(BadRecordPolicy p) {
    return new DatasetOptions(imageSize, format, p, normalization, keepFullMasks, maxImagePixels);
  }

  public DatasetOptions withMaxImagePixels(long n) {
    return new DatasetOptions(imageSize, format, policy, normalization, keepFullMasks, n);
  }
}
