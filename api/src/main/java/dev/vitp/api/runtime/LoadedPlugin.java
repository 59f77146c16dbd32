package dev.vitp.api.runtime;

import dev.vitp.spi.VitpPlugin;

/**
 * A constructed plugin with what messages and listings need to say where it came from.
 *
 * @param plugin the instance
 * @param id its {@link VitpPlugin#id()}, read once at load time
 * @param className the plugin's class name
 * @param location the jar or directory the class was loaded from, see {@link
 *     PluginLoader#locationOf(Class)}
 */
public record LoadedPlugin(VitpPlugin plugin, String id, String className, String location) {
  /** "core (dev.vitp.api.CorePlugin from /path/vitp-api.jar)". */
  public String describe() {
    return id + " (" + className + " from " + location + ")";
  }
}
