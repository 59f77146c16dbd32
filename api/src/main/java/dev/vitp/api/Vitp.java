package dev.vitp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import dev.vitp.api.runtime.LoadedPlugin;
import dev.vitp.api.runtime.VitpRuntime;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of vitp: the plugins found on the class path, their components by name, and
 * config binding. Startup fails fast with a {@link dev.vitp.spi.VitpException} that says which
 * plugin or name is at fault.
 *
 * <pre>{@code
 * Vitp vitp = Vitp.create();
 * TokenDropConfig config = vitp.readConfig("{\"type\":\"uniform\",\"ratio\":0.75}", TokenDropConfig.class);
 * TokenDropStrategy vrl = vitp.tokenDrop(config);
 * }</pre>
 *
 * <p>Immutable and safe to share between threads once built.
 */
public final class Vitp {
  private final VitpRuntime runtime;
  private final List<PluginInfo> plugins;

  private Vitp(VitpRuntime runtime) {
    this.runtime = runtime;
    List<PluginInfo> infos = new ArrayList<>();
    for (LoadedPlugin p : runtime.registry().plugins()) {
      infos.add(new PluginInfo(
          p.id(), p.className(), p.location(), runtime.registry().componentsOf(p)));
    }
    infos.sort(Comparator.comparing(PluginInfo::id).thenComparing(PluginInfo::className));
    this.plugins = List.copyOf(infos);
  }

  /** Discovers the plugins visible to the thread context class loader. */
  public static Vitp create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loaded plugins, sorted by id. */
  public List<PluginInfo> plugins() {
    return plugins;
  }

  /** The names registered for {@code kind}, sorted. */
  public List<String> componentNames(ComponentKind kind) {
    return runtime.registry().names(kind);
  }

  /** The factory registered as {@code name} for {@code kind} (for descriptions and config types). */
  public ComponentFactory<?, ?> factory(ComponentKind kind, String name) {
    return runtime.factory(kind, name);
  }

  /** The backend {@code name} with its default config. */
  public Backend backend(String name) {
    return (Backend) create(ComponentKind.BACKEND, name);
  }

  /** The backend whose factory's config type is {@code config}'s class. */
  public Backend backend(BackendConfig config) {
    return (Backend) create(ComponentKind.BACKEND, config);
  }

  /** The token-drop (VRL) strategy {@code name} with its default config. */
  public TokenDropStrategy tokenDrop(String name) {
    return (TokenDropStrategy) create(ComponentKind.TOKEN_DROP, name);
  }

  /** The token-drop (VRL) strategy whose factory's config type is {@code config}'s class. */
  public TokenDropStrategy tokenDrop(TokenDropConfig config) {
    return (TokenDropStrategy) create(ComponentKind.TOKEN_DROP, config);
  }

  /** The instruction source {@code name} with its default config. */
  public InstructionSource instructionSource(String name) {
    return (InstructionSource) create(ComponentKind.INSTRUCTION_SOURCE, name);
  }

  /** The instruction source whose factory's config type is {@code config}'s class. */
  public InstructionSource instructionSource(InstructionSourceConfig config) {
    return (InstructionSource) create(ComponentKind.INSTRUCTION_SOURCE, config);
  }

  /** Builds component {@code name} of {@code kind} with its default config. */
  public Object create(ComponentKind kind, String name) {
    return runtime.create(kind, name, runtime.configs().defaults(kind, name));
  }

  /** Builds the component of {@code kind} that {@code config}'s class selects. */
  public Object create(ComponentKind kind, Object config) {
    String name = runtime.registry().forConfig(kind, config).name();
    return runtime.create(kind, name, config);
  }

  /** Builds component {@code name} of {@code kind} from {@code config} (for shared config types). */
  public Object create(ComponentKind kind, String name, Object config) {
    return runtime.create(kind, name, config);
  }

  /**
   * Reads {@code json} as {@code type}: a config base such as {@code TokenDropConfig.class}
   * ({@code "type"} selects the factory) or any record that nests them. Fails with a {@link
   * dev.vitp.spi.VitpException}, e.g. {@code Unknown tokenDrop [foo]; known options [none,
   * shuffle, uniform]}.
   */
  public <T> T readConfig(String json, Class<T> type) {
    return runtime.configs().read(json, type);
  }

  /**
   * The mapper that knows every config type by name. Shared: use it as is, or {@code copy()} it
   * before changing its configuration.
   */
  public ObjectMapper objectMapper() {
    return runtime.configs().mapper();
  }

  /** The Guice injector; it holds {@code Map<String, XFactory>} for every kind. */
  public Injector injector() {
    return runtime.injector();
  }

  @Override
  public String toString() {
    return "Vitp" + plugins.stream().map(PluginInfo::id).toList();
  }

  /** Configures which plugins a {@link Vitp} loads. */
  public static final class Builder {
    private @Nullable ClassLoader classLoader;
    private boolean discover = true;
    private final List<VitpPlugin> extra = new ArrayList<>();

    private Builder() {}

    /** Where to discover plugins (default: the thread context class loader). */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /** Adds a plugin instance besides the discovered ones. */
    public Builder plugin(VitpPlugin plugin) {
      extra.add(plugin);
      return this;
    }

    /** Whether to discover plugins through {@link java.util.ServiceLoader} (default true). */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    public Vitp build() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = Vitp.class.getClassLoader();
      }
      return new Vitp(VitpRuntime.start(loader, discover, List.copyOf(extra)));
    }
  }
}
