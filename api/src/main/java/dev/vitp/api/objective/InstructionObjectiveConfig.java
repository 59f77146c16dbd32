package dev.vitp.api.objective;

import dev.vitp.spi.PretrainObjectiveConfig;

/**
 * Config of the {@code instruction} objective, ViTP itself: {@code {"type": "instruction"}}. Its
 * sizes come from the preset's language decoder, its VRL from the run's {@code tokenDrop}.
 */
public record InstructionObjectiveConfig() implements PretrainObjectiveConfig {
  public static final String NAME = "instruction";
}
