package dev.vitp.spi;

import dev.vitp.spi.pretrain.PretrainObjective;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a pretraining objective: what the ViT learns from (ViTP instructions, MAE, ...). */
public interface PretrainObjectiveFactory extends ComponentFactory<PretrainObjectiveConfig, PretrainObjective> {
  static <C extends PretrainObjectiveConfig> PretrainObjectiveFactory of(
      String name, Class<C> configType, Function<? super C, ? extends PretrainObjective> create) {
    return of(name, configType, create, "");
  }

  static <C extends PretrainObjectiveConfig> PretrainObjectiveFactory of(String name, Class<C> configType,
      Function<? super C, ? extends PretrainObjective> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends PretrainObjectiveConfig> PretrainObjectiveFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends PretrainObjective> create, String description) {
    TypedFactory<PretrainObjectiveConfig, C, PretrainObjective> f =
        new TypedFactory<>(name, configType, create, description);
    return new PretrainObjectiveFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends PretrainObjectiveConfig> configType() { return f.configType(); }
      @Override public PretrainObjective create(PretrainObjectiveConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public PretrainObjective create(PretrainObjectiveConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
