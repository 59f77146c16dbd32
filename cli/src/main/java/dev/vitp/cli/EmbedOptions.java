package dev.vitp.cli;

import dev.vitp.api.EmbedRequest;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.spi.image.ImageLimits;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code vitp embed} as given on the command line, serialisable so that a
 * distributed job can rebuild the same request on every worker.
 *
 * @param backbone the backbone source (export, InternViT folder or file)
 * @param backend a backend name or config JSON, as for {@code --backend}
 * @param pool cls, mean or none
 * @param out the file (single process) or Parquet folder ({@code --spark}) to write
 */
public record EmbedOptions(String backbone, String backend, @Nullable Integer imageSize,
    String pool, int batch, long maxImagePixels, String out) implements Serializable {
  private static final long serialVersionUID = 1L;

  public EmbedOptions {
    ImageLimits.require(maxImagePixels);
  }

  /** The request for {@link Vitp#imageEmbedder} with the backbone read from {@code weights}. */
  public EmbedRequest request(Vitp vitp, String weights) {
    return new EmbedRequest(ConfigFlags.backendConfig(vitp, backend),
        new VitBackboneConfig(weights, "nano", imageSize, null, null), Path.of("."),
        EmbedRequest.Pooling.valueOf(pool.toUpperCase(Locale.ROOT)), batch, maxImagePixels);
  }
}
