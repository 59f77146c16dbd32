package dev.vitp.cli;

import dev.vitp.api.Vitp;
import dev.vitp.api.runtime.PluginFolders;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
 * {@link ErrorCode} (user error 2, unsupported 3, backend failure 4, internal 70; an exhausted
 * heap is told as a user error, naming the settings that size it); {@code --stacktrace} adds the
 * stack trace.
 */
@Command(
    name = "vitp",
    mixinStandardHelpOptions = true,
    versionProvider = VitpCli.Version.class,
    description = "Visual Instruction Pretraining (ViTP) on the JVM.",
    footer = {"", "On Apache Spark (./vitp adds the Spark module for these): curate (check, "
        + "deduplicate and shard a corpus), embed --spark, predict --spark."},
    subcommands = {PluginsCommand.class, DemoCommand.class, CompareCommand.class,
        ExperimentCommand.class, GenerateCommand.class,
        PretrainCommand.class, BenchCommand.class,
        ExportBackboneCommand.class, EmbedCommand.class, FinetuneCommand.class,
        EvaluateCommand.class, PredictCommand.class,
        CommandLine.HelpCommand.class})
public final class VitpCli implements Callable<Integer> {
  /** Exit code of a bug in vitp (sysexits EX_SOFTWARE). */
  static final int EXIT_INTERNAL = 70;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the full stack trace of an error.")
  boolean stacktrace;

  @Option(names = "--plugins", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "A folder of plugin jars (repeatable); also read: $VITP_PLUGIN_PATH and "
          + "~/.vitp/plugins. Each jar, or each sub-folder of jars, gets its own class loader.")
  List<Path> pluginFolders = new ArrayList<>();

  @Spec CommandSpec spec;

  private final Function<PluginFolders, Vitp> vitpFactory;
  private @Nullable Vitp vitp;

  VitpCli(Function<PluginFolders, Vitp> vitpFactory) {
    this.vitpFactory = vitpFactory;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on System.out / System.err and returns the exit code. */
  public static int execute(String... args) {
    CommandLine cmd = new CommandLine(new VitpCli(
        folders -> Vitp.builder().pluginFolders(folders).build()));
    configure(cmd);
    try {
      return cmd.execute(args);
    } catch (RuntimeException | Error e) {
      // Thrown outside of command execution (e.g. while printing); still no bare stack trace.
      return report(e, cmd.getErr(), java.util.Arrays.asList(args).contains("--stacktrace"),
          "vitp");
    }
  }

  /**
   * The configured command line; {@code vitp} supplies the runtime the subcommands use (for tests
   * and embedding: plugin folders are not read then, so {@code --plugins} is refused).
   */
  public static CommandLine commandLine(Supplier<Vitp> vitp) {
    CommandLine cmd = new CommandLine(new VitpCli(folders -> {
      if (!folders.bundles().isEmpty()) {
        throw VitpException.userError("Expected no plugin folders in an embedded command line. "
            + "Received: " + folders.bundles());
      }
      return vitp.get();
    }));
    configure(cmd);
    return cmd;
  }

  private static void configure(CommandLine cmd) {
    // Modules on the class path (the Spark module through ./vitp) add their commands; first,
    // so that the handlers and converters below reach them too.
    ServiceLoader.load(CliExtension.class).forEach(extension -> extension.register(cmd));
    cmd.setExecutionExceptionHandler(VitpCli::handle);
    cmd.setParameterExceptionHandler(VitpCli::handleParameters);
    cmd.registerConverter(Path.class, VitpCli::path);
  }

  /** A path flag's value; one the JVM cannot encode says why (picocli's own says only that). */
  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a path this system "
          + "can name (" + e.getReason() + ")" + (nameCharsetCannotEncode(value) ? "; "
          + PATH_HINT : ""));
    }
  }

  /** Whether the JVM's charset for file names (the locale's, e.g. ASCII under C) lacks {@code s}. */
  private static boolean nameCharsetCannotEncode(String s) {
    try {
      return !java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))
          .newEncoder().canEncode(s);
    } catch (IllegalArgumentException unknownCharset) {
      return true;
    }
  }

  /**
   * A mistyped flag or value is one line naming it and where the options are listed, not the
   * whole usage (40 lines that push the message off the screen).
   */
  private static int handleParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u
        ? u.getSuggestions() : List.of();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + message
        + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
        + " (" + cmd.getCommandSpec().qualifiedName() + " --help lists the options)");
    if (java.util.Arrays.asList(args).contains("--stacktrace")) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** Why a path may not be representable: the JVM encodes file names in the locale's charset. */
  static final String PATH_HINT = "file names with characters beyond ASCII need a UTF-8 "
      + "locale (e.g. LC_ALL=C.UTF-8; ./vitp picks one when the locale is C or POSIX)";

  /**
   * The runtime, started on first use so that its errors reach the exception handler, with the
   * plugin folders of {@code --plugins} (given before or after the subcommand), {@code
   * VITP_PLUGIN_PATH} and {@code ~/.vitp/plugins}.
   */
  Vitp vitp() {
    Vitp started = vitp;
    if (started == null) {
      List<Path> explicit = new ArrayList<>();
      for (ParseResult p = spec.commandLine().getParseResult(); p != null; p = p.subcommand()) {
        explicit.addAll(p.matchedOptionValue("--plugins", List.<Path>of()));
      }
      started = vitpFactory.apply(PluginFolders.standard(explicit,
          System.getenv(PluginFolders.ENV), Path.of(System.getProperty("user.home"))));
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
    String command = "vitp";
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      trace |= p.hasMatchedOption("--stacktrace");
      command = p.commandSpec().qualifiedName();
    }
    return report(e, cmd.getErr(), trace, command);
  }

  /**
   * One line on stderr, prefixed with the command it is about ({@code vitp finetune: …}), and the
   * exit code of the error's kind.
   */
  private static int report(Throwable e, PrintWriter err, boolean trace, String command) {
    int exit;
    String prefix = command + ": ";
    if (e instanceof VitpException v) {
      err.println(prefix + v.getMessage());
      exit = exitCode(v.code());
    } else if (e instanceof InvalidPathException p) {
      err.println(prefix + "Expected a path this system can name. Received: " + p.getMessage()
          + (nameCharsetCannotEncode(p.getInput()) ? "; " + PATH_HINT : ""));
      exit = exitCode(ErrorCode.USER_ERROR);
    } else if (e instanceof OutOfMemoryError) {
      // Checkpoints already written stay valid (they are replaced atomically): one line, and
      // the settings that decide the heap a run needs. A user-side remedy, hence a user error.
      err.println(prefix + "Expected the run to fit in the Java heap (" + ImageLimits.heap()
          + "). Received: OutOfMemoryError; lower --batch, --workers or --max-image-pixels, or "
          + "raise the heap (VITP_JAVA_OPTS=-Xmx…), and --resume a pretraining run");
      exit = exitCode(ErrorCode.USER_ERROR);
    } else {
      String message = e.getMessage();
      err.println(prefix + "internal error: " + e.getClass().getName()
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
