package dev.vitp.spi;

import dev.vitp.spi.text.Tokenizer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a tokenizer: text to token ids and back, with vitp's special tokens. */
public interface TokenizerFactory extends ComponentFactory<TokenizerConfig, Tokenizer> {
  static <C extends TokenizerConfig> TokenizerFactory of(
      String name, Class<C> configType, Function<? super C, ? extends Tokenizer> create) {
    return of(name, configType, create, "");
  }

  static <C extends TokenizerConfig> TokenizerFactory of(String name, Class<C> configType,
      Function<? super C, ? extends Tokenizer> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends TokenizerConfig> TokenizerFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends Tokenizer> create, String description) {
    TypedFactory<TokenizerConfig, C, Tokenizer> f =
        new TypedFactory<>(name, configType, create, description);
    return new TokenizerFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends TokenizerConfig> configType() { return f.configType(); }
      @Override public Tokenizer create(TokenizerConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public Tokenizer create(TokenizerConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
