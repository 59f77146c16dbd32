package dev.vitp.api.runtime;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.util.Types;
import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A started runtime: the loaded plugins, their registry, the config binding and the injector. */
public final class VitpRuntime {
  private final ComponentRegistry registry;
  private final ConfigBinding configs;
  private final Injector injector;

  private VitpRuntime(ComponentRegistry registry, ConfigBinding configs, Injector injector) {
    this.registry = registry;
    this.configs = configs;
    this.injector = injector;
  }

  /**
   * Discovers plugins through {@code loader} (when {@code discover}) and in the bundles of {@code
   * folders} (each in a child class loader of {@code loader}), adds {@code extra}, checks
   * every contribution and wires Guice and Jackson. Fails fast with a {@link VitpException}.
   */
  public static VitpRuntime start(ClassLoader loader, boolean discover, List<VitpPlugin> extra,
      PluginFolders folders) {
    List<LoadedPlugin> plugins = new ArrayList<>();
    List<ClassLoader> loaders = new ArrayList<>(List.of(loader));
    if (discover) {
      plugins.addAll(PluginLoader.discover(loader));
    }
    for (PluginFolders.Bundle bundle : folders.bundles()) {
      ClassLoader bundleLoader = bundle.classLoader(loader);
      loaders.add(bundleLoader);
      plugins.addAll(PluginLoader.discover(bundleLoader, bundle));
    }
    for (VitpPlugin plugin : extra) {
      plugins.add(PluginLoader.load(plugin));
    }
    ComponentRegistry registry = ComponentRegistry.of(plugins);
    ConfigBinding configs = ConfigBinding.of(registry, loaders);
    Injector injector = Guice.createInjector(new VitpModule(registry, configs));
    return new VitpRuntime(registry, configs, injector);
  }

  public ComponentRegistry registry() {
    return registry;
  }

  public ConfigBinding configs() {
    return configs;
  }

  public Injector injector() {
    return injector;
  }

  /** The kind's factory by name, looked up in the injector's {@code Map<String, XFactory>}. */
  public ComponentFactory<?, ?> factory(ComponentKind kind, String name) {
    Map<String, ? extends ComponentFactory<?, ?>> factories = factories(kind);
    ComponentFactory<?, ?> factory = factories.get(name);
    if (factory == null) {
      throw registry.unknown(kind, name);
    }
    return factory;
  }

  @SuppressWarnings("unchecked")
  private Map<String, ? extends ComponentFactory<?, ?>> factories(ComponentKind kind) {
    Key<?> key = Key.get(Types.mapOf(String.class, kind.factoryType()));
    return (Map<String, ? extends ComponentFactory<?, ?>>) injector.getInstance(key);
  }

  /**
   * Builds the component {@code name} of {@code kind} from {@code config}, which must be an
   * instance of that factory's config type. A plugin's non-vitp exception is wrapped with the
   * component and plugin named.
   */
  public Object create(ComponentKind kind, String name, Object config) {
    return create(kind, name, config, null);
  }

  /**
   * Like {@link #create(ComponentKind, String, Object)}, for a component of the run in {@code
   * runFolder} (its factory context names that folder).
   */
  public Object create(ComponentKind kind, String name, Object config, @Nullable Path runFolder) {
    @SuppressWarnings("unchecked")
    ComponentFactory<Object, ?> factory = (ComponentFactory<Object, ?>) factory(kind, name);
    if (!factory.configType().isInstance(config)) {
      throw VitpException.userError("Expected a config of type " + factory.configType().getName()
          + " for " + kind.key() + " [" + name + "]. Received: " + config.getClass().getName());
    }
    Object component;
    try {
      component = factory.create(config, new RuntimeContext(this, runFolder, kind, name));
    } catch (VitpException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      LoadedPlugin origin = registry.get(kind, name).origin();
      throw PluginLoader.failure("Creating " + kind.key() + " [" + name + "] of plugin ["
          + origin.id() + "] (" + origin.className() + ") failed: " + PluginLoader.describe(e)
          + ".", e);
    }
    if (component == null) {
      throw VitpException.internal("Expected a " + kind.key() + " from factory [" + name
          + "]. Received: null");
    }
    return component;
  }
}
