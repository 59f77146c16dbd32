package dev.vitp.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code vitp embed --spark}: embeds images as a distributed job. Provided by the Spark module
 * (through {@link java.util.ServiceLoader}); absent from the core jar.
 */
public interface ClusterEmbedding {
  /**
   * Embeds {@code images} as {@code options} say on {@code master}, writing Parquet ({@code
   * path}, {@code features}) to {@code options.out()}; reports progress on {@code console}.
   */
  void run(EmbedOptions options, List<ImageList.Image> images, String master, PrintWriter console);
}
