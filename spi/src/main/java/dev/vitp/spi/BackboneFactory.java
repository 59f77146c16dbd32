package dev.vitp.spi;

import dev.vitp.spi.model.BackboneBuilder;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a vision backbone (built into a session on demand). */
public interface BackboneFactory extends ComponentFactory<BackboneConfig, BackboneBuilder> {
  static <C extends BackboneConfig> BackboneFactory of(
      String name, Class<C> configType, Function<? super C, ? extends BackboneBuilder> create) {
    return of(name, configType, create, "");
  }

  static <C extends BackboneConfig> BackboneFactory of(String name, Class<C> configType,
      Function<? super C, ? extends BackboneBuilder> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends BackboneConfig> BackboneFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends BackboneBuilder> create, String description) {
    TypedFactory<BackboneConfig, C, BackboneBuilder> f =
        new TypedFactory<>(name, configType, create, description);
    return new BackboneFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends BackboneConfig> configType() { return f.configType(); }
      @Override public BackboneBuilder create(BackboneConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public BackboneBuilder create(BackboneConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
