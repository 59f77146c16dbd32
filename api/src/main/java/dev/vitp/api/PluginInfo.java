package dev.vitp.api;

import dev.vitp.spi.ComponentKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a loaded plugin contributes, for listings ({@code vitp plugins}).
 *
 * @param id the plugin's id, e.g. {@code core}
 * @param className the plugin class
 * @param location the jar or directory the class was loaded from
 * @param components the names it contributes per kind; every kind present, names sorted
 */
public record PluginInfo(
    String id, String className, String location, Map<ComponentKind, List<String>> components) {

  public PluginInfo {
    Map<ComponentKind, List<String>> copy = new EnumMap<>(ComponentKind.class);
    for (ComponentKind kind : ComponentKind.values()) {
      List<String> names = components.getOrDefault(kind, List.of());
      copy.put(kind, names.stream().sorted().toList());
    }
    components = Collections.unmodifiableMap(copy);
  }

  /** The names this plugin contributes of {@code kind}, sorted (empty when none). */
  public List<String> components(ComponentKind kind) {
    return components.get(kind);
  }
}
