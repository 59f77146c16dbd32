package dev.vitp.cli;

import dev.vitp.api.ImageEmbedder;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images an {@code --images} value names: a folder (recursive, image endings only), a glob
 * ({@code tiles/**}{@code /*.png}: names relative to the folder before the first wildcard) or a
 * list file (one path per line, relative to the list's folder; blank lines and {@code #} comments
 * ignored; names as written). Resolved once, on the machine that starts the job.
 */
public final class ImageList {
  /** One image: its name in results, and the absolute file. */
  public record Image(String name, String path) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private ImageList() {}

  public static List<Image> resolve(String spec) {
    if (spec.isBlank()) {
      throw VitpException.userError("Expected --images to name a folder, a glob or a list file. "
          + "Received: an empty value");
    }
    Path path;
    try {
      path = hasWildcard(spec) ? null : Path.of(spec);
    } catch (InvalidPathException e) {
      throw VitpException.userError("Expected --images to be a path. Received: " + spec + " ("
          + e.getReason() + ")");
    }
    List<Image> images;
    if (path == null) {
      images = glob(spec);
    } else if (Files.isDirectory(path)) {
      images = ImageEmbedder.listImages(path).stream()
          .map(f -> new Image(path.relativize(f).toString(), f.toAbsolutePath().toString()))
          .toList();
    } else if (Files.isRegularFile(path)) {
      images = listFile(path);
    } else {
      throw VitpException.userError("Expected --images to name a folder, a glob or a list file. "
          + "Received: " + spec + " (no such file or folder)");
    }
    if (images.isEmpty()) {
      throw VitpException.userError("Expected at least one image in --images. Received: " + spec
          + " (no images)");
    }
    return images;
  }

  private static boolean hasWildcard(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<Image> glob(String spec) {
    // The base folder is everything before the path element holding the first wildcard.
    String normalized = spec.replace('\\', '/');
    int wildcard = 0;
    while (!hasWildcard(String.valueOf(normalized.charAt(wildcard)))) {
      wildcard++;
    }
    int slash = normalized.lastIndexOf('/', wildcard);
    Path base = Path.of(slash < 0 ? "." : slash == 0 ? "/" : normalized.substring(0, slash));
    String pattern = normalized.substring(slash + 1);
    if (!Files.isDirectory(base)) {
      throw VitpException.userError("Expected the folder of --images glob to exist. Received: "
          + spec + " (" + base + " is no folder)");
    }
    PathMatcher matcher;
    try {
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (IllegalArgumentException e) {
      throw VitpException.userError("Expected --images to be a valid glob. Received: " + spec
          + " (" + e.getMessage() + ")");
    }
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> matcher.matches(base.relativize(f)))
          .sorted()
          .map(f -> new Image(base.relativize(f).toString(), f.toAbsolutePath().toString()))
          .toList();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable folder for --images. Received: " + base
          + " (" + e.getMessage() + ")", e);
    }
  }

  private static List<Image> listFile(Path list) {
    List<String> lines;
    try {
      lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable UTF-8 list of images. Received: " + list
          + " (" + e.getMessage() + ")", e);
    }
    Path folder = list.toAbsolutePath().getParent();
    List<Image> images = new ArrayList<>();
    for (String line : lines) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      try {
        images.add(new Image(entry, folder.resolve(entry).normalize().toString()));
      } catch (InvalidPathException e) {
        throw VitpException.userError("Expected paths in the list of images " + list
            + ". Received: '" + entry + "' (" + e.getReason() + ")");
      }
    }
    return images;
  }
}
