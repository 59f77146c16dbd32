package dev.vitp.api.runtime;

import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every factory of every kind by name, built once at startup and immutable afterwards. Building it
 * checks each contribution: a valid name, a config type of the kind's config base, and each name
 * once per kind (duplicates name both plugin classes and where they were loaded from).
 */
public final class ComponentRegistry {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private final List<LoadedPlugin> plugins;
  private final Map<ComponentKind, SortedMap<String, Registration>> byKind;

  private ComponentRegistry(
      List<LoadedPlugin> plugins, Map<ComponentKind, SortedMap<String, Registration>> byKind) {
    this.plugins = plugins;
    this.byKind = byKind;
  }

  /** Collects and checks the factories of {@code plugins}, in order. */
  public static ComponentRegistry of(List<LoadedPlugin> plugins) {
    Map<ComponentKind, SortedMap<String, Registration>> byKind = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
    for (LoadedPlugin plugin : plugins) {
      for (ComponentKind kind : ComponentKind.values()) {
        for (ComponentFactory<?, ?> factory : factoriesOf(plugin, kind)) {
          Registration registration = check(plugin, kind, factory);
          Registration previous = byKind.get(kind).putIfAbsent(registration.name(), registration);
          if (previous != null) {
            throw VitpException.userError("Duplicate " + kind.key() + " [" + registration.name()
                + "]: contributed by " + previous.describeOrigin() + " and by "
                + registration.describeOrigin() + ". Expected each " + kind.key()
                + " name once; remove one of the plugins from the classpath or rename the "
                + "component.");
          }
        }
      }
    }
    Map<ComponentKind, SortedMap<String, Registration>> frozen = new EnumMap<>(ComponentKind.class);
    byKind.forEach((kind, map) -> frozen.put(kind, Collections.unmodifiableSortedMap(map)));
    return new ComponentRegistry(List.copyOf(plugins), Collections.unmodifiableMap(frozen));
  }

  private static List<? extends ComponentFactory<?, ?>> factoriesOf(
      LoadedPlugin plugin, ComponentKind kind) {
    List<? extends ComponentFactory<?, ?>> factories;
    try {
      factories = kind.factoriesOf(plugin.plugin());
    } catch (RuntimeException | LinkageError e) {
      throw PluginLoader.failure("Plugin [" + plugin.id() + "] (" + plugin.className() + " from "
          + plugin.location() + ") failed while listing its " + kind.key() + " factories: "
          + PluginLoader.describe(e) + ".", e);
    }
    if (factories == null) {
      throw VitpException.userError("Expected a list of " + kind.key() + " factories from plugin ["
          + plugin.id() + "] (" + plugin.className() + "). Received: null");
    }
    List<ComponentFactory<?, ?>> copy = new ArrayList<>(factories.size());
    for (ComponentFactory<?, ?> factory : factories) {
      copy.add(factory);
    }
    return copy;
  }

  private static Registration check(
      LoadedPlugin plugin, ComponentKind kind, ComponentFactory<?, ?> factory) {
    String where = "plugin [" + plugin.id() + "] (" + plugin.className() + ")";
    if (factory == null) {
      throw VitpException.userError(
          "Expected " + kind.key() + " factories from " + where + ". Received: null");
    }
    if (!kind.factoryType().isInstance(factory)) {
      throw VitpException.userError("Expected a " + kind.factoryType().getSimpleName() + " from "
          + where + ". Received: " + factory.getClass().getName());
    }
    String name;
    Class<?> configType;
    try {
      name = factory.name();
      configType = factory.configType();
    } catch (RuntimeException | LinkageError e) {
      throw PluginLoader.failure("Plugin [" + plugin.id() + "] (" + plugin.className() + " from "
          + plugin.location() + ") failed while describing a " + kind.key() + " factory: "
          + PluginLoader.describe(e) + ".", e);
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw VitpException.userError("Expected a " + kind.key() + " name of lower-case letters, "
          + "digits, '.' and '-' from " + where + ". Received: name=" + name);
    }
    if (configType == null || !kind.configBase().isAssignableFrom(configType)
        || configType.isInterface()) {
      throw VitpException.userError("Expected the config type of " + kind.key() + " [" + name
          + "] from " + where + " to be a class implementing " + kind.configBase().getName()
          + ". Received: configType=" + (configType == null ? null : configType.getName()));
    }
    return new Registration(kind, name, factory, plugin);
  }

  /** The plugins, in load order. */
  public List<LoadedPlugin> plugins() {
    return plugins;
  }

  /** The kind's names, sorted. */
  public List<String> names(ComponentKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
  }

  /** The kind's registrations by name, sorted. */
  public SortedMap<String, Registration> registrations(ComponentKind kind) {
    return byKind.get(kind);
  }

  /** The registration of {@code name}, or a USER_ERROR listing the known options. */
  public Registration get(ComponentKind kind, String name) {
    Registration registration = byKind.get(kind).get(name);
    if (registration == null) {
      throw unknown(kind, name);
    }
    return registration;
  }

  /**
   * The registration whose config type is exactly {@code config}'s class. A config class shared by
   * several names is ambiguous here; select by name then.
   */
  public Registration forConfig(ComponentKind kind, Object config) {
    if (!kind.configBase().isInstance(config)) {
      throw VitpException.userError("Expected a " + kind.configBase().getName() + " for "
          + kind.key() + ". Received: " + config.getClass().getName());
    }
    List<Registration> matches = new ArrayList<>();
    for (Registration r : byKind.get(kind).values()) {
      if (r.factory().configType() == config.getClass()) {
        matches.add(r);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw VitpException.userError("Unknown " + kind.key() + " config "
          + config.getClass().getName() + "; no plugin registers it. Known options "
          + names(kind));
    }
    List<String> names = new ArrayList<>();
    matches.forEach(r -> names.add(r.name()));
    throw VitpException.userError("Expected one " + kind.key() + " for config "
        + config.getClass().getName() + "; select by name instead. Received: names=" + names);
  }

  /** The names each plugin contributes, per kind (every kind present, names sorted). */
  public Map<ComponentKind, List<String>> componentsOf(LoadedPlugin plugin) {
    Map<ComponentKind, List<String>> components = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      List<String> names = new ArrayList<>();
      for (Registration r : byKind.get(kind).values()) {
        if (r.origin() == plugin) {
          names.add(r.name());
        }
      }
      components.put(kind, List.copyOf(names));
    }
    return Collections.unmodifiableMap(components);
  }

  /** {@code Unknown tokenDrop [foo]; known options [none, shuffle, uniform]}. */
  public VitpException unknown(ComponentKind kind, String name) {
    return VitpException.userError(
        "Unknown " + kind.key() + " [" + name + "]; known options " + names(kind));
  }

  /** A config JSON of {@code kind} without its {@code "type"}. */
  public VitpException missingType(ComponentKind kind) {
    return VitpException.userError("Missing \"type\" in " + kind.key() + " config; known options "
        + names(kind));
  }
}
