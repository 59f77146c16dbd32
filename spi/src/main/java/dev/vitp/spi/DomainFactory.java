package dev.vitp.spi;

import dev.vitp.spi.data.Domain;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a domain: its synthetic generator, normalisation and downstream task formats. */
public interface DomainFactory extends ComponentFactory<DomainConfig, Domain> {
  static <C extends DomainConfig> DomainFactory of(
      String name, Class<C> configType, Function<? super C, ? extends Domain> create) {
    return of(name, configType, create, "");
  }

  static <C extends DomainConfig> DomainFactory of(String name, Class<C> configType,
      Function<? super C, ? extends Domain> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends DomainConfig> DomainFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends Domain> create, String description) {
    TypedFactory<DomainConfig, C, Domain> f =
        new TypedFactory<>(name, configType, create, description);
    return new DomainFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends DomainConfig> configType() { return f.configType(); }
      @Override public Domain create(DomainConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public Domain create(DomainConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
