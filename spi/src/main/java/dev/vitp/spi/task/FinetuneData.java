package dev.vitp.spi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.image.ImageLimits;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The labelled data of a finetuning run.
 *
 * @param path a folder with {@code train/} and {@code val/} in a supported layout
 * @param format the layout's name, or null to detect it
 * @param onBadFile skip unreadable files (counted, named) or stop at the first
 * @param fraction the share of training labels used, drawn with the run's seed (per class for
 *     classification)
 * @param maxImagePixels the decoding bound ({@link ImageLimits}); a larger image or volume is a
 *     bad file ({@link ImageLimits#DEFAULT_MAX_PIXELS} when a config leaves it out)
 */
public record FinetuneData(Path path, @Nullable String format, BadRecordPolicy onBadFile,
    double fraction, long maxImagePixels) {
  public FinetuneData {
    if (!(fraction > 0 && fraction <= 1)) {
      throw VitpException.userError("Expected 0 < fraction <= 1. Received: fraction=" + fraction);
    }
    ImageLimits.require(maxImagePixels);
  }

  public FinetuneData(Path path, @Nullable String format, BadRecordPolicy onBadFile,
      double fraction) {
    this(path, format, onBadFile, fraction, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  @JsonCreator
  static FinetuneData fromJson(@JsonProperty("path") Path path,
      @JsonProperty("format") @Nullable String format,
      @JsonProperty("onBadFile") BadRecordPolicy onBadFile,
      @JsonProperty("fraction") double fraction,
      @JsonProperty("maxImagePixels") @Nullable Long maxImagePixels) {
    return new FinetuneData(path, format, onBadFile, fraction,
        maxImagePixels == null ? ImageLimits.DEFAULT_MAX_PIXELS : maxImagePixels);
  }
}
