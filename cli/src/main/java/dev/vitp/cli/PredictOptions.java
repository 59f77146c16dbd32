package dev.vitp.cli;

import dev.vitp.api.PredictRequest;
import dev.vitp.api.Vitp;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.task.Shard;
import java.io.Serializable;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code vitp predict} as given on the command line, serialisable so that a
 * distributed job rebuilds the same request on every worker.
 *
 * @param backend a backend name or config JSON, or null for the one the run trained on
 * @param onBadFile skip or fail
 */
public record PredictOptions(String model, String images, String out, @Nullable String task,
    int tile, double overlap, @Nullable String backend, String onBadFile, long maxImagePixels,
    boolean overwrite) implements Serializable {
  private static final long serialVersionUID = 1L;

  public PredictOptions {
    ImageLimits.require(maxImagePixels);
    policy(onBadFile);
  }

  /** The request for {@code shard} of the images, written to {@code out}. */
  public PredictRequest request(Vitp vitp, Path out, Shard shard) {
    return new PredictRequest(Path.of(model), Path.of(images), out, task, tile, overlap,
        backend == null ? null : ConfigFlags.backendConfig(vitp, backend), policy(onBadFile),
        maxImagePixels, overwrite, shard);
  }

  private static BadRecordPolicy policy(String onBadFile) {
    return switch (onBadFile) {
      case "skip" -> BadRecordPolicy.SKIP;
      case "fail" -> BadRecordPolicy.FAIL;
      default -> throw VitpException.userError("Unknown --on-bad-file [" + onBadFile
          + "]; known options [fail, skip]");
    };
  }
}
