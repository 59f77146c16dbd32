package dev.vitp.spi;

import java.util.function.BiFunction;

/** The implementation behind the {@code of(...)} helpers of each factory kind. */
final class TypedFactory<B, C extends B, T> implements ComponentFactory<B, T> {
  private final String name;
  private final Class<C> configType;
  private final BiFunction<? super C, FactoryContext, ? extends T> create;
  private final String description;

  TypedFactory(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends T> create,
      String description) {
    if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
      throw VitpException.userError(
          "Expected a component name of lower-case letters, digits, '.' and '-'. Received: name="
              + name);
    }
    this.name = name;
    this.configType = configType;
    this.create = create;
    this.description = description;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Class<C> configType() {
    return configType;
  }

  @Override
  public T create(B config) {
    return create(config, FactoryContext.standalone());
  }

  @Override
  public T create(B config, FactoryContext context) {
    if (!configType.isInstance(config)) {
      throw VitpException.userError(
          "Expected a config of type " + configType.getName() + " for [" + name + "]. Received: "
              + config.getClass().getName());
    }
    return create.apply(configType.cast(config), context);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return "ComponentFactory[" + name + " -> " + configType.getSimpleName() + "]";
  }
}
