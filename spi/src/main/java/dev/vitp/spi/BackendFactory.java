package dev.vitp.spi;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Contributes a compute backend. A backend declares, without being started (starting one may load
 * native libraries), what it can do and how strongly it should be preferred: a run whose backend
 * is {@code auto} gets the best-ranked backend with the capabilities its command needs.
 */
public interface BackendFactory extends ComponentFactory<BackendConfig, Backend> {
  /**
   * How strongly {@code auto} prefers this backend, higher first: a measured speed order on this
   * machine's kind (the built-ins: {@code jvm} 20, {@code djl-pytorch} 10 on a CPU). 0 by default.
   */
  default int rank() {
    return 0;
  }

  /** What the backends it builds can do; inference only by default. */
  default Set<Capability> capabilities() {
    return Set.of(Capability.INFERENCE);
  }

  /** A backend factory with its rank and capabilities, for {@code auto}. */
  static <C extends BackendConfig> BackendFactory of(String name, Class<C> configType,
      Function<? super C, ? extends Backend> create, String description, int rank,
      Set<Capability> capabilities) {
    BackendFactory plain = of(name, configType, create, description);
    Set<Capability> declared = Set.copyOf(capabilities);
    return new BackendFactory() {
      @Override public String name() { return plain.name(); }
      @Override public Class<? extends BackendConfig> configType() { return plain.configType(); }
      @Override public Backend create(BackendConfig config) { return plain.create(config); }
      @Override public Backend create(BackendConfig config, FactoryContext context) { return plain.create(config, context); }
      @Override public String description() { return plain.description(); }
      @Override public int rank() { return rank; }
      @Override public Set<Capability> capabilities() { return declared; }
      @Override public String toString() { return plain.toString(); }
    };
  }

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
