package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vitp.api.Vitp;
import dev.vitp.cli.VitpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the command line in this JVM, as {@code vitp ARGS}, capturing what it prints. */
final class InProcessCli {
  /** The exit code and what the command printed on stdout and stderr. */
  record Result(int exit, String out, String err) {}

  private InProcessCli() {}

  static Result vitp(String... args) {
    return vitp(Vitp::create, args);
  }

  /** Runs on the given runtime (e.g. one shared by a test class, to skip plugin discovery). */
  static Result vitp(Supplier<Vitp> runtime, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(runtime);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Runs a command that must succeed without a stack trace; returns its stdout. */
  static String ok(String... args) {
    Result r = vitp(args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err() + "\n" + r.out());
    assertFalse(r.err().contains("Exception"), r.err());
    return r.out();
  }
}
