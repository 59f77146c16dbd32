package dev.vitp.cli;

import dev.vitp.api.Vitp;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code vitp}: the command line of vitp. Errors become one line on stderr and an exit code by
 * {@link ErrorCode} (user error 2, unsupported 3, backend failure 4, internal 70); {@code
 * --stacktrace} adds the stack trace.
 */
@Command(
    name = "vitp",
    mixinStandardHelpOptions = true,
    versionProvider = VitpCli.Version.class,
    description = "Visual Instruction Pretraining (ViTP) on the JVM.",
    subcommands = {PluginsCommand.class, DemoCommand.class, GenerateCommand.class,
        PretrainCommand.class, BenchCommand.class,
        ExportBackboneCommand.class, EmbedCommand.class, FinetuneCommand.class,
        CommandLine.HelpCommand.class})
public final class VitpCli implements Callable<Integer> {
  /** Exit code of a bug in vitp (sysexits EX_SOFTWARE). */
  static final int EXIT_INTERNAL = 70;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the full stack trace of an error.")
  boolean stacktrace;

  @Spec CommandSpec spec;

  private final Supplier<Vitp> vitpFactory;
  private @Nullable Vitp vitp;

  VitpCli(Supplier<Vitp> vitpFactory) {
    this.vitpFactory = vitpFactory;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on System.out / System.err and returns the exit code. */
  public static int execute(String... args) {
    CommandLine cmd = commandLine(Vitp::create);
    try {
      return cmd.execute(args);
    } catch (RuntimeException | Error e) {
      // Thrown outside of command execution (e.g. while printing); still no bare stack trace.
      return report(e, cmd.getErr(), java.util.Arrays.asList(args).contains("--stacktrace"));
    }
  }

  /** The configured command line; {@code vitp} supplies the runtime the subcommands use. */
  public static CommandLine commandLine(Supplier<Vitp> vitp) {
    CommandLine cmd = new CommandLine(new VitpCli(vitp));
    cmd.setExecutionExceptionHandler(VitpCli::handle);
    return cmd;
  }

  /** The runtime, started on first use so that its errors reach the exception handler. */
  Vitp vitp() {
    Vitp started = vitp;
    if (started == null) {
      started = vitpFactory.get();
      vitp = started;
    }
    return started;
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    cmd.usage(cmd.getErr());
    return CommandLine.ExitCode.USAGE;
  }

  static int exitCode(ErrorCode code) {
    return switch (code) {
      case USER_ERROR -> 2;
      case UNSUPPORTED -> 3;
      case BACKEND_FAILURE -> 4;
      case INTERNAL -> EXIT_INTERNAL;
    };
  }

  private static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
    boolean trace = false;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      trace |= p.hasMatchedOption("--stacktrace");
    }
    return report(e, cmd.getErr(), trace);
  }

  private static int report(Throwable e, PrintWriter err, boolean trace) {
    int exit;
    if (e instanceof VitpException v) {
      err.println("vitp: " + v.getMessage());
      exit = exitCode(v.code());
    } else {
      String message = e.getMessage();
      err.println("vitp: internal error: " + e.getClass().getName()
          + (message == null ? "" : ": " + message)
          + (trace ? "" : " (rerun with --stacktrace for details)"));
      exit = EXIT_INTERNAL;
    }
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return exit;
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = VitpCli.class.getPackage().getImplementationVersion();
      return new String[] {"vitp " + (version == null ? "dev" : version)};
    }
  }
}
