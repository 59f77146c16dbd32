package dev.vitp.spi;

import dev.vitp.spi.backend.Backend;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a compute backend. */
public interface BackendFactory extends ComponentFactory<BackendConfig, Backend> {
  static <C extends BackendConfig> BackendFactory of(
      String name, Class<C> configType, Function<? super C, ? extends Backend> create) {
    return of(name, configType, create, "");
  }

  static <C extends BackendConfig> BackendFactory of(String name, Class<C> configType,
      Function<? super C, ? extends Backend> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends BackendConfig> BackendFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends Backend> create, String description) {
    TypedFactory<BackendConfig, C, Backend> f =
        new TypedFactory<>(name, configType, create, description);
    return new BackendFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends BackendConfig> configType() { return f.configType(); }
      @Override public Backend create(BackendConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public Backend create(BackendConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
