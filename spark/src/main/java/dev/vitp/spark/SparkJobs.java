package dev.vitp.spark;

import dev.vitp.spi.VitpException;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Runs a vitp job in a Spark session and reports its failures the way the CLI reports others. */
final class SparkJobs {
  private SparkJobs() {}

  /**
   * Runs {@code job} in the session of {@code master}: an existing session (a test's, a
   * notebook's) is used and left open; one this call starts is stopped afterwards.
   */
  static <T> T run(String master, String name, Function<SparkSession, T> job) {
    boolean existing = SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.open(master, name);
    try {
      return job.apply(spark);
    } catch (Exception e) { // Spark's own exceptions are checked ones, thrown through Scala.
      throw userErrorInside(e);
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
  }

  /**
   * A vitp error raised in a task reaches the driver wrapped in Spark's task failure; the user
   * gets its one line, as from a single-process run.
   */
  static RuntimeException userErrorInside(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VitpException v) {
        return v;
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}
