package dev.vitp.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code vitp} command in a child JVM: this JVM's flags and class path, the CLI's main class. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * The child's command line; {@code cores} limits the cores it sees (null: all of them). Used
   * where runs must not share a heap or a peak-memory figure (the demo, {@code bench --compare}).
   */
  public static List<String> vitpCommand(@Nullable Integer cores, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (cores != null) {
      command.add("-XX:ActiveProcessorCount=" + cores);
    }
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // A debugger agent would clash over its port; the core share is set above.
      if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-XX:ActiveProcessorCount")) {
        command.add(flag);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(VitpCli.class.getName());
    command.addAll(args);
    return command;
  }
}
