package dev.vitp.plugins.domains.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The folder listing is the sorted set of visible image paths, whatever the names. */
class ImageFolderListingProperties {
  private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> folder = Arbitraries.of("", "a/", "a/b/", "B/", ".git/", "a/.cache/", "x.png/");
    Arbitrary<String> stem = Arbitraries.strings().withChars("abAB_-.0").ofMinLength(1).ofMaxLength(4);
    Arbitrary<String> ext = Arbitraries.of("png", "PNG", "jpg", "Jpeg", "tif", "TIFF", "bmp", "txt",
        "json", "nii", "");
    return Combinators.combine(folder, stem, ext)
        .as((f, s, e) -> f + s + (e.isEmpty() ? "" : "." + e));
  }

  private static boolean visibleImage(String path) {
    for (String part : path.split("/")) {
      if (part.startsWith(".")) {
        return false;
      }
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  @Property(tries = 40)
  void listingIsTheSortedVisibleImages(@ForAll @Size(min = 1, max = 12) List<@net.jqwik.api.From("paths") String> paths)
      throws IOException {
    Path root = Files.createTempDirectory("image-folder");
    try {
      TreeSet<String> expected = new TreeSet<>();
      for (String p : paths) {
        Path file = root.resolve(p);
        if (Files.isDirectory(file) || Files.exists(file.getParent()) && !Files.isDirectory(file.getParent())) {
          continue; // a name already used as a folder, or a folder already used as a file
        }
        try {
          Files.createDirectories(file.getParent());
          Files.write(file, new byte[] {1});
        } catch (IOException e) {
          continue; // a path clashing with an earlier one
        }
        if (visibleImage(p)) {
          expected.add(p);
        }
      }
      if (expected.isEmpty()) {
        return;
      }
      assertEquals(List.copyOf(expected),
          new ImageFolderSource(ImageFolderConfig.of(root.toString())).files());
    } finally {
      Fixtures.deleteTree(root);
    }
  }
}
