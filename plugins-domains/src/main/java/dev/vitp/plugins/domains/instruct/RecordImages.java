package dev.vitp.plugins.domains.instruct;

import dev.vitp.plugins.domains.image.ImageDecodeException;
import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.toolkit.image.DecodedImage;
import java.util.List;

/**
 * Decodes a validated record's images the way the pretraining loader does, so that every reader
 * of a corpus (the loader, {@code vitp curate}) skips the same records for the same reasons.
 */
public final class RecordImages {
  private RecordImages() {}

  /**
   * The record's images in order; a {@link BadRecordException} ({@link SkipReason#CORRUPT_IMAGE}
   * or {@link SkipReason#IMAGE_TOO_LARGE}, over {@code maxPixels}) names the first that fails.
   */
  public static DecodedImage[] decode(ParsedRecord record, long maxPixels) {
    List<ImageRef> refs = record.images();
    DecodedImage[] images = new DecodedImage[refs.size()];
    for (int i = 0; i < images.length; i++) {
      try {
        images[i] = ImageDecoder.decode(refs.get(i), maxPixels);
      } catch (ImageDecodeException e) {
        throw new BadRecordException(
            e.tooLarge() ? SkipReason.IMAGE_TOO_LARGE : SkipReason.CORRUPT_IMAGE,
            record.record().images().get(i) + " (" + e.getMessage() + ")");
      }
    }
    return images;
  }
}
