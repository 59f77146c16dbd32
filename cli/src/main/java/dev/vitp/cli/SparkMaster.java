package dev.vitp.cli;

import picocli.CommandLine.Option;

/** {@code --master} of every command that can run on Spark (a picocli mixin). */
public final class SparkMaster {
  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master URL "
      + "(${DEFAULT-VALUE}: in this process, on every core; under spark-submit, the submitted).")
  String url = "local[*]";

  public String url() {
    return url;
  }
}
