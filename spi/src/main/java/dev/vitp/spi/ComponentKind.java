package dev.vitp.spi;

import java.util.List;
import java.util.function.Function;

/**
 * The kinds of component a plugin can contribute, each with its config key (as used in config
 * JSON and listings), its config base type and the plugin method that lists its factories.
 */
public enum ComponentKind {
  BACKEND("backend", BackendConfig.class, VitpPlugin::backends),
  TOKEN_DROP("tokenDrop", TokenDropConfig.class, VitpPlugin::tokenDrops),
  INSTRUCTION_SOURCE(
      "instructionSource", InstructionSourceConfig.class, VitpPlugin::instructionSources),
  DOMAIN("domain", DomainConfig.class, VitpPlugin::domains);

  private final String key;
  private final Class<?> configBase;
  private final Function<VitpPlugin, List<? extends ComponentFactory<?, ?>>> factories;

  ComponentKind(String key, Class<?> configBase,
      Function<VitpPlugin, List<? extends ComponentFactory<?, ?>>> factories) {
    this.key = key;
    this.configBase = configBase;
    this.factories = factories;
  }

  /** The config/listing key, e.g. {@code tokenDrop}. */
  public String key() {
    return key;
  }

  /** The base type JSON configs of this kind bind to. */
  public Class<?> configBase() {
    return configBase;
  }

  /** The factories a plugin contributes for this kind. */
  public List<? extends ComponentFactory<?, ?>> factoriesOf(VitpPlugin plugin) {
    return factories.apply(plugin);
  }
}
