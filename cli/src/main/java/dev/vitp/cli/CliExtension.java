package dev.vitp.cli;

import picocli.CommandLine;

/**
 * Commands a module adds to the {@code vitp} command line when its jar is on the class path
 * (found with {@link java.util.ServiceLoader}); the Spark module adds {@code curate} this way, so
 * that the core jar stays free of Spark.
 */
public interface CliExtension {
  /** Adds this extension's subcommands to {@code root}. */
  void register(CommandLine root);
}
