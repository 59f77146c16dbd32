package dev.vitp.backend.djl;

/**
 * Keeps DJL off the network: {@code ai.djl.offline=true} (unless the caller set it explicitly)
 * before any DJL engine or tokenizer class initialises, so natives come from the Maven jars on the
 * classpath and nothing is downloaded.
 */
final class DjlOffline {
  private static final String OFFLINE_PROPERTY = "ai.djl.offline";

  private DjlOffline() {}

  static void ensure() {
    if (System.getProperty(OFFLINE_PROPERTY) == null) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
  }
}
