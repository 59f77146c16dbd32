package dev.vitp.spi;

import java.util.List;
import java.util.function.Function;

/**
 * The kinds of component a plugin can contribute, each with its config key (as used in config
 * JSON and listings), its factory interface, its config base type and the plugin method that lists
 * its factories. The runtime wires every kind generically from these, so adding a kind here is all
 * it takes for discovery, Guice binding, Jackson subtypes and listings to pick it up.
 */
public enum ComponentKind {
  BACKEND("backend", BackendFactory.class, BackendConfig.class, VitpPlugin::backends),
  TOKEN_DROP("tokenDrop", TokenDropFactory.class, TokenDropConfig.class, VitpPlugin::tokenDrops),
  INSTRUCTION_SOURCE("instructionSource", InstructionSourceFactory.class,
      InstructionSourceConfig.class, VitpPlugin::instructionSources),
  BACKBONE("backbone", BackboneFactory.class, BackboneConfig.class, VitpPlugin::backbones),
  DOMAIN("domain", DomainFactory.class, DomainConfig.class, VitpPlugin::domains),
  TASK_HEAD("taskHead", TaskHeadFactory.class, TaskHeadConfig.class, VitpPlugin::taskHeads),
  TOKENIZER("tokenizer", TokenizerFactory.class, TokenizerConfig.class, VitpPlugin::tokenizers),
  FINETUNE_RECIPE("finetuneRecipe", FinetuneRecipeFactory.class, FinetuneRecipeConfig.class,
      VitpPlugin::finetuneRecipes),
  PRETRAIN_OBJECTIVE("objective", PretrainObjectiveFactory.class, PretrainObjectiveConfig.class,
      VitpPlugin::objectives),
  CORRUPTION("corruption", CorruptionFactory.class, CorruptionConfig.class,
      VitpPlugin::corruptions);

  private final String key;
  private final Class<? extends ComponentFactory<?, ?>> factoryType;
  private final Class<?> configBase;
  private final Function<VitpPlugin, List<? extends ComponentFactory<?, ?>>> factories;

  ComponentKind(String key, Class<? extends ComponentFactory<?, ?>> factoryType,
      Class<?> configBase, Function<VitpPlugin, List<? extends ComponentFactory<?, ?>>> factories) {
    this.key = key;
    this.factoryType = factoryType;
    this.configBase = configBase;
    this.factories = factories;
  }

  /** The config/listing key, e.g. {@code tokenDrop}. */
  public String key() {
    return key;
  }

  /**
   * The factory interface of this kind, e.g. {@link TokenDropFactory}; the runtime binds a Guice
   * {@code MapBinder<String, factoryType>} for it.
   */
  public Class<? extends ComponentFactory<?, ?>> factoryType() {
    return factoryType;
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
