package dev.vitp.cli.archprobe;

import dev.vitp.plugins.tasks.finetune.Finetuner;

/**
 * A stand-in for a command that calls a plugin's class directly, in a {@code dev.vitp.cli}
 * package, for {@code ArchitectureRulesBiteTest}: the CLI rule must flag it.
 */
public final class CommandUsingAPluginClass {
  private CommandUsingAPluginClass() {}

  public static String checkpointName() {
    return Finetuner.class.getSimpleName();
  }
}
