package dev.vitp.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vitp demo}: placeholder until the end-to-end demo lands. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the end-to-end ViTP demo (arrives with a later issue).")
final class DemoCommand implements Callable<Integer> {
  /** Exit code while the demo is not there yet: a usage error, not a crash. */
  static final int NOT_YET = 2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("vitp demo: not available yet; the end-to-end ViTP demo arrives with a later "
        + "issue. Try `vitp plugins` meanwhile.");
    err.flush();
    return NOT_YET;
  }
}
