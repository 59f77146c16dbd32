package dev.vitp.spark;

import dev.vitp.api.train.RunFolder;
import dev.vitp.cli.OutPaths;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * The {@code --out} folder of a Spark job: new or empty before, and left as it was found when the
 * job fails (half-written shards or parts would pass for a finished result).
 */
final class OutFolders {
  private OutFolders() {}

  /** Checks that {@code out} is new or empty; returns whether the job will create it. */
  static boolean requireNewOrEmpty(Path out) {
    OutPaths.folder(out);
    if (!Files.exists(out)) {
      return true;
    }
    try (Stream<Path> files = Files.list(out)) {
      if (files.findAny().isPresent()) {
        throw VitpException.userError("Expected --out to be a new or empty folder. Received: "
            + out + " holds files");
      }
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable --out folder. Received: " + out + " ("
          + e.getMessage() + ")", e);
    }
    return false;
  }

  /** Removes what a failed job wrote: the folder itself if the job created it. */
  static void clear(Path out, boolean created) {
    if (!Files.exists(out)) {
      return;
    }
    try {
      if (created) {
        RunFolder.deleteTree(out);
      } else {
        try (Stream<Path> entries = Files.list(out)) {
          for (Path p : entries.toList()) {
            RunFolder.deleteTree(p);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: the job's own error is the one to report.
    }
  }
}
