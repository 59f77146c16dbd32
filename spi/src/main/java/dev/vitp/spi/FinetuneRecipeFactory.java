package dev.vitp.spi;

import dev.vitp.spi.task.FinetuneRecipe;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a finetuning recipe: how a backbone and head are trained on labels. */
public interface FinetuneRecipeFactory extends ComponentFactory<FinetuneRecipeConfig, FinetuneRecipe> {
  static <C extends FinetuneRecipeConfig> FinetuneRecipeFactory of(
      String name, Class<C> configType, Function<? super C, ? extends FinetuneRecipe> create) {
    return of(name, configType, create, "");
  }

  static <C extends FinetuneRecipeConfig> FinetuneRecipeFactory of(String name, Class<C> configType,
      Function<? super C, ? extends FinetuneRecipe> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends FinetuneRecipeConfig> FinetuneRecipeFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends FinetuneRecipe> create, String description) {
    TypedFactory<FinetuneRecipeConfig, C, FinetuneRecipe> f =
        new TypedFactory<>(name, configType, create, description);
    return new FinetuneRecipeFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends FinetuneRecipeConfig> configType() { return f.configType(); }
      @Override public FinetuneRecipe create(FinetuneRecipeConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public FinetuneRecipe create(FinetuneRecipeConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
