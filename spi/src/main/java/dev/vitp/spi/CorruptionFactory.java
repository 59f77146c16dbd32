package dev.vitp.spi;

import dev.vitp.spi.corruption.Corruption;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Contributes an image corruption at five severities (noise, blur, haze, rotation, ...) for
 * robustness evaluation.
 */
public interface CorruptionFactory extends ComponentFactory<CorruptionConfig, Corruption> {
  static <C extends CorruptionConfig> CorruptionFactory of(
      String name, Class<C> configType, Function<? super C, ? extends Corruption> create) {
    return of(name, configType, create, "");
  }

  static <C extends CorruptionConfig> CorruptionFactory of(String name, Class<C> configType,
      Function<? super C, ? extends Corruption> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends CorruptionConfig> CorruptionFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends Corruption> create, String description) {
    TypedFactory<CorruptionConfig, C, Corruption> f =
        new TypedFactory<>(name, configType, create, description);
    return new CorruptionFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends CorruptionConfig> configType() { return f.configType(); }
      @Override public Corruption create(CorruptionConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public Corruption create(CorruptionConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
