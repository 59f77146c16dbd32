package dev.vitp.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The jobs behind {@code --spark} ({@code vitp embed}, {@code vitp predict}): run on a Spark
 * master. Provided by the Spark module (through {@link java.util.ServiceLoader}); the core jar
 * has none.
 */
public interface ClusterJobs {
  /**
   * Embeds {@code images} as {@code options} say, writing Parquet ({@code path}, {@code
   * features}) to {@code options.out()}; reports on {@code console}.
   */
  void embed(EmbedOptions options, List<ImageList.Image> images, String master,
      PrintWriter console);

  /**
   * Predicts {@code options.images()} in parts, one per task, and writes what a single-process
   * prediction writes to {@code options.out()}; reports on {@code console}.
   */
  void predict(PredictOptions options, String master, PrintWriter console);

  /** The jobs on the class path; a one-line user error naming how to get them if none. */
  static ClusterJobs find(String command) {
    return java.util.ServiceLoader.load(ClusterJobs.class).findFirst()
        .orElseThrow(() -> dev.vitp.spi.VitpException.userError("Expected the Spark module on "
            + "the class path for " + command + " --spark. Received: a vitp without it (run "
            + "through ./vitp, which adds it, or spark-submit vitp-spark.jar)"));
  }
}
