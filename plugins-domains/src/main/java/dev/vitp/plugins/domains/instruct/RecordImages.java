package dev.vitp.plugins.domains.instruct;

import dev.vitp.plugins.domains.image.ImageDecodeException;
import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.plugins.domains.image.ImageRef;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.toolkit.image.DecodedImage;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

  /**
   * The skip for a record whose reading ran out of heap ({@code record} null when it failed before
   * parsing): named as too large, so a run goes on without it.
   */
  public static BadRecordException outOfMemory(@Nullable ParsedRecord record) {
    return new BadRecordException(SkipReason.IMAGE_TOO_LARGE,
        (record == null ? "its record" : String.join(", ", record.record().images()))
            + " (ran out of memory while decoding in a " + ImageLimits.heap() + " heap)");
  }
}
