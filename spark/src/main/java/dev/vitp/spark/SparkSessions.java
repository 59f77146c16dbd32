package dev.vitp.spark;

import org.apache.spark.sql.SparkSession;

/** The session vitp's jobs run in: local mode in this process, or the cluster of a master URL. */
final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master}; under {@code spark-submit} (which sets {@code spark.master}) the
   * submitted master wins over the flag's default.
   */
  static SparkSession open(String master, String job) {
    SparkSession.Builder builder = SparkSession.builder().appName("vitp " + job)
        // vitp reports its own progress; the web UI only costs a port and threads.
        .config("spark.ui.enabled", "false")
        .config("spark.sql.adaptive.enabled", "true");
    String submitted = System.getProperty("spark.master");
    if (submitted == null) {
      builder.master(master);
    }
    if ((submitted == null ? master : submitted).startsWith("local")) {
      // In-process: no host name lookups (sandboxes and laptops without DNS for their name).
      builder.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "8");
    }
    return builder.getOrCreate();
  }
}
