package dev.vitp.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session (two cores) for all tests here: one takes seconds to start. */
final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.open("local[2]", "tests");
    }
    return session;
  }
}
