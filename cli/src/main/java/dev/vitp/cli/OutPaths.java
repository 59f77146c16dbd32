package dev.vitp.cli;

import dev.vitp.spi.VitpException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a command's {@code --out} may name, checked before any work: a folder (new or existing)
 * or a file to write (new or replaced). A wrong kind of path otherwise surfaced late, as an
 * I/O exception from deep inside a run, or after minutes of computing features.
 */
public final class OutPaths {
  private OutPaths() {}

  /** {@code --out} of a command that writes a folder. */
  public static Path folder(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw VitpException.userError("Expected --out to name a folder (new or existing). "
          + "Received: " + out + " is an existing file");
    }
    requireFolderAbove(out);
    return out;
  }

  /** {@code --out} of a command that writes one file. */
  public static Path file(Path out) {
    if (Files.isDirectory(out)) {
      throw VitpException.userError("Expected --out to name a file to write. Received: " + out
          + " is a folder");
    }
    requireFolderAbove(out);
    return out;
  }

  /** The nearest existing ancestor must be a folder, or nothing can be created below it. */
  private static void requireFolderAbove(Path out) {
    for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw VitpException.userError("Expected --out under a folder. Received: " + out
              + " lies under " + p + ", an existing file");
        }
        return;
      }
    }
  }
}
