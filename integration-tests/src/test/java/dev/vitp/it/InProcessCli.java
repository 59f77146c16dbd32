package dev.vitp.it;

import dev.vitp.api.Vitp;
import dev.vitp.cli.VitpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in this JVM, as {@code vitp ARGS}, capturing what it prints. */
final class InProcessCli {
  /** The exit code and what the command printed on stdout and stderr. */
  record Result(int exit, String out, String err) {}

  private InProcessCli() {}

  static Result vitp(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
