package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
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
 */
public record FinetuneData(Path path, @Nullable String format, BadRecordPolicy onBadFile,
    double fraction) {
  public FinetuneData {
    if (!(fraction > 0 && fraction <= 1)) {
      throw VitpException.userError("Expected 0 < fraction <= 1. Received: fraction=" + fraction);
    }
  }
}
