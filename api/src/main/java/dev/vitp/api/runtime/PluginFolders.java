package dev.vitp.api.runtime;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Plugin jars outside the class path, so that a third party extends vitp without rebuilding it.
 * In each folder, every top-level {@code *.jar} is one plugin bundle, and every sub-folder is one
 * bundle of all the jars inside it (Trino's layout: {@code plugins/acme/{acme.jar,
 * kotlin-stdlib.jar}} for a plugin that brings its own libraries). Each bundle gets a class loader
 * of its own whose parent is vitp's, so bundles cannot clash with each other.
 *
 * <p>The folders come from {@code --plugins DIR}, {@code VITP_PLUGIN_PATH} (separated like the
 * class path) and {@code ~/.vitp/plugins}; a folder named explicitly must exist, the default one
 * may not.
 */
public final class PluginFolders {
  /** The environment variable listing plugin folders. */
  public static final String ENV = "VITP_PLUGIN_PATH";

  private final List<Bundle> bundles;

  private PluginFolders(List<Bundle> bundles) {
    this.bundles = List.copyOf(bundles);
  }

  /** No plugin folders. */
  public static PluginFolders none() {
    return new PluginFolders(List.of());
  }

  /** The bundles of {@code folders}, each of which must be a readable folder. */
  public static PluginFolders of(List<Path> folders) {
    List<Bundle> bundles = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw VitpException.userError("Expected a plugin folder. Received: " + folder
            + (Files.exists(folder) ? " is not a folder" : " does not exist"));
      }
      for (Path entry : sortedList(folder)) {
        if (Files.isDirectory(entry)) {
          List<Path> jars = sortedList(entry).stream().filter(PluginFolders::isJar).toList();
          if (!jars.isEmpty()) {
            bundles.add(new Bundle(entry, jars));
          }
        } else if (isJar(entry)) {
          bundles.add(new Bundle(entry, List.of(entry)));
        }
      }
    }
    return new PluginFolders(bundles);
  }

  /**
   * The folders a command line uses: those given explicitly (e.g. {@code --plugins}), then those
   * of {@code VITP_PLUGIN_PATH}, then {@code ~/.vitp/plugins} when it exists.
   */
  public static PluginFolders standard(List<Path> explicit, @Nullable String pluginPath,
      Path home) {
    List<Path> folders = new ArrayList<>(explicit);
    if (pluginPath != null) {
      for (String part : pluginPath.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          folders.add(Path.of(part));
        }
      }
    }
    Path user = home.resolve(".vitp").resolve("plugins");
    if (Files.isDirectory(user) && !folders.contains(user)) {
      folders.add(user);
    }
    return of(folders);
  }

  public List<Bundle> bundles() {
    return bundles;
  }

  private static boolean isJar(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
  }

  private static List<Path> sortedList(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable plugin folder. Received: " + folder
          + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * One plugin with its libraries: a jar, or a folder of jars.
   *
   * @param path the jar or folder, for messages and listings
   * @param jars what its class loader reads
   */
  public record Bundle(Path path, List<Path> jars) {
    public Bundle {
      jars = List.copyOf(jars);
    }

    /** A new class loader over the jars, below {@code parent}. */
    public ClassLoader classLoader(ClassLoader parent) {
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) {
        try {
          urls[i] = jars.get(i).toUri().toURL();
        } catch (MalformedURLException e) {
          throw VitpException.userError("Expected a plugin jar path. Received: " + jars.get(i), e);
        }
      }
      // Never closed: the plugin's classes stay in use for the life of the runtime.
      return new URLClassLoader("vitp-plugin:" + path.getFileName(), urls, parent);
    }
  }
}
