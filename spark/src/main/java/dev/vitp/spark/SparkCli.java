package dev.vitp.spark;

import dev.vitp.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code vitp curate} to the command line when this module is on the class path. */
public final class SparkCli implements CliExtension {
  @Override
  public void register(CommandLine root) {
    root.addSubcommand("curate", new CommandLine(new CurateCommand()));
  }
}
