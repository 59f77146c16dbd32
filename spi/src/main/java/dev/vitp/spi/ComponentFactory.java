package dev.vitp.spi;

/**
 * A named factory a plugin contributes. The runtime binds it into Guice under {@link #name()} and
 * registers {@link #configType()} as a Jackson subtype under the same name, so that config JSON
 * selects it with {@code "type": "<name>"}.
 *
 * @param <C> the kind's config base type (e.g. {@link TokenDropConfig})
 * @param <T> what the factory builds (e.g. a {@code TokenDropStrategy})
 */
public interface ComponentFactory<C, T> {
  /** The unique name within the kind, lower-case with dashes: {@code uniform}, {@code djl-pytorch}. */
  String name();

  /** The config class bound from JSON for this name; an empty record when there is nothing to set. */
  Class<? extends C> configType();

  /**
   * Builds the component outside a runtime ({@link FactoryContext#standalone()}). {@code config}
   * is an instance of {@link #configType()}.
   */
  T create(C config);

  /**
   * Builds the component with the runtime's services; the runtime always calls this one. The
   * default ignores the context.
   */
  default T create(C config, FactoryContext context) {
    return create(config);
  }

  /** One line for listings ({@code vitp plugins}). */
  default String description() {
    return "";
  }
}
