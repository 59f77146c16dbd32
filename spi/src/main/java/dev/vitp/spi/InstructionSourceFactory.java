package dev.vitp.spi;

import dev.vitp.spi.data.InstructionSource;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a source of visual instruction records. */
public interface InstructionSourceFactory extends ComponentFactory<InstructionSourceConfig, InstructionSource> {
  static <C extends InstructionSourceConfig> InstructionSourceFactory of(
      String name, Class<C> configType, Function<? super C, ? extends InstructionSource> create) {
    return of(name, configType, create, "");
  }

  static <C extends InstructionSourceConfig> InstructionSourceFactory of(String name, Class<C> configType,
      Function<? super C, ? extends InstructionSource> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends InstructionSourceConfig> InstructionSourceFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends InstructionSource> create, String description) {
    TypedFactory<InstructionSourceConfig, C, InstructionSource> f =
        new TypedFactory<>(name, configType, create, description);
    return new InstructionSourceFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends InstructionSourceConfig> configType() { return f.configType(); }
      @Override public InstructionSource create(InstructionSourceConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public InstructionSource create(InstructionSourceConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
