package dev.vitp.api.runtime;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Finds and constructs plugins. Fails fast: the first plugin that cannot be constructed or that
 * has no usable id stops startup with a {@link VitpException} naming it and the cause.
 */
public final class PluginLoader {
  private static final String SERVICES_FILE = "META-INF/services/" + VitpPlugin.class.getName();

  private PluginLoader() {}

  /** Every plugin listed in {@code META-INF/services/dev.vitp.spi.VitpPlugin} visible to {@code loader}. */
  public static List<LoadedPlugin> discover(ClassLoader loader) {
    return discoverIn(loader, null);
  }

  /**
   * The plugins that {@code loader} itself defines, {@code bundle}'s class loader (the parent's
   * plugins are discovered on the class path already); failures name the bundle.
   */
  public static List<LoadedPlugin> discover(ClassLoader loader, PluginFolders.Bundle bundle) {
    return discoverIn(loader, bundle);
  }

  private static List<LoadedPlugin> discoverIn(ClassLoader loader,
      PluginFolders.@Nullable Bundle only) {
    String where = only == null ? "" : " of " + only.path();
    List<LoadedPlugin> plugins = new ArrayList<>();
    Iterator<ServiceLoader.Provider<VitpPlugin>> providers =
        ServiceLoader.load(VitpPlugin.class, loader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<VitpPlugin> provider;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        // The listed class is missing, not a VitpPlugin, or not loadable; the JDK message names it.
        throw new VitpException(ErrorCode.USER_ERROR,
            "Expected every class listed in " + SERVICES_FILE + where + " to be a loadable "
                + VitpPlugin.class.getName() + ". Received: " + e.getMessage(), e);
      }
      Class<? extends VitpPlugin> type = provider.type();
      if (only != null && type.getClassLoader() != loader) {
        continue; // found through the parent: already discovered on the class path
      }
      VitpPlugin plugin;
      try {
        plugin = provider.get();
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null
            ? e.getCause() : e;
        String hint = cause instanceof NoSuchMethodException
            ? " A plugin needs a public no-arg constructor (in Kotlin: a class, not an object)."
            : "";
        throw failure("Plugin [" + type.getName() + "] (from " + locationOf(type)
            + ") failed while constructing: " + describe(cause) + "." + hint, cause);
      }
      plugins.add(load(plugin));
    }
    return plugins;
  }

  /** Wraps an already constructed plugin (e.g. one passed to the builder). */
  public static LoadedPlugin load(VitpPlugin plugin) {
    Class<?> type = plugin.getClass();
    String id;
    try {
      id = plugin.id();
    } catch (RuntimeException | LinkageError e) {
      throw failure("Plugin [" + type.getName() + "] (from " + locationOf(type)
          + ") failed while reporting its id: " + describe(e) + ".", e);
    }
    if (id == null || id.isBlank()) {
      throw VitpException.userError("Expected a non-blank plugin id from " + type.getName()
          + " (from " + locationOf(type) + "). Received: id=" + id);
    }
    return new LoadedPlugin(plugin, id, type.getName(), locationOf(type));
  }

  /**
   * The jar or directory a class was loaded from, as a file path where it is one ({@code
   * /home/me/.m2/.../vitp-api.jar}), else the URL, else {@code "unknown"} (bootstrap classes).
   */
  public static String locationOf(Class<?> type) {
    ProtectionDomain domain = type.getProtectionDomain();
    CodeSource source = domain == null ? null : domain.getCodeSource();
    URL url = source == null ? null : source.getLocation();
    if (url == null) {
      return "unknown";
    }
    if ("file".equals(url.getProtocol())) {
      try {
        return Path.of(url.toURI()).toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        return url.toString();
      }
    }
    return url.toString();
  }

  /** A plugin failure keeps the plugin's own code when it threw a {@link VitpException}. */
  static VitpException failure(String message, @Nullable Throwable cause) {
    ErrorCode code = cause instanceof VitpException v ? v.code() : ErrorCode.INTERNAL;
    return new VitpException(code, message, cause);
  }

  /** "IllegalStateException: boom". */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
