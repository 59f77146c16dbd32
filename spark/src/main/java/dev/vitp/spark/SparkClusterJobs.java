package dev.vitp.spark;

import dev.vitp.api.Vitp;
import dev.vitp.cli.ClusterJobs;
import dev.vitp.cli.EmbedOptions;
import dev.vitp.cli.ImageList;
import dev.vitp.cli.PredictOptions;
import java.io.PrintWriter;
import java.util.List;

/** {@code vitp embed --spark} and {@code vitp predict --spark}, found by the CLI as a service. */
public final class SparkClusterJobs implements ClusterJobs {
  /** One runtime per executor JVM (plugins found once), for every task it runs. */
  private static volatile Vitp executorVitp;

  @Override
  public void embed(EmbedOptions options, List<ImageList.Image> images, String master,
      PrintWriter console) {
    SparkEmbedding.run(options, images, master, console);
  }

  @Override
  public void predict(PredictOptions options, String master, PrintWriter console) {
    SparkPrediction.run(options, master, console);
  }

  /** The runtime of this executor JVM. */
  static Vitp executorVitp() {
    Vitp vitp = executorVitp;
    if (vitp == null) {
      synchronized (SparkClusterJobs.class) {
        vitp = executorVitp;
        if (vitp == null) {
          vitp = Vitp.create();
          executorVitp = vitp;
        }
      }
    }
    return vitp;
  }
}
