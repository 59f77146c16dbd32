package dev.vitp.spi;

import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a VRL token-drop strategy. */
public interface TokenDropFactory extends ComponentFactory<TokenDropConfig, TokenDropStrategy> {
  static <C extends TokenDropConfig> TokenDropFactory of(
      String name, Class<C> configType, Function<? super C, ? extends TokenDropStrategy> create) {
    return of(name, configType, create, "");
  }

  static <C extends TokenDropConfig> TokenDropFactory of(String name, Class<C> configType,
      Function<? super C, ? extends TokenDropStrategy> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends TokenDropConfig> TokenDropFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends TokenDropStrategy> create, String description) {
    TypedFactory<TokenDropConfig, C, TokenDropStrategy> f =
        new TypedFactory<>(name, configType, create, description);
    return new TokenDropFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends TokenDropConfig> configType() { return f.configType(); }
      @Override public TokenDropStrategy create(TokenDropConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public TokenDropStrategy create(TokenDropConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
