package dev.vitp.api.train;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One owner per run folder: an OS file lock on {@code run.lock}, held for the whole run, so that
 * a second run on the same folder (another process, or another thread of this one) is refused
 * with one line naming the holder instead of deleting its checkpoints. While it holds the lock a
 * run also removes the hidden temp files that crashed writes left behind ({@code .name….tmp}),
 * since no other writer can own them.
 */
public final class RunFolder implements AutoCloseable {
  /** The lock file; it stays in the folder (deleting it could let two runs lock two files). */
  public static final String LOCK = "run.lock";

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;
  /** Whether this claim made the folder (a failed run then removes it). */
  private final boolean created;

  private RunFolder(Path folder, FileChannel channel, FileLock lock, boolean created) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /**
   * Runs {@code body} in this folder. When it fails (an exception or error, not a stop that saved
   * its work) in a folder this claim created, and nothing in it is {@code worthKeeping} (a
   * checkpoint, best weights), the folder is removed: a failed run leaves no empty folder or lone
   * config behind. A folder that existed before is left as it is.
   */
  public <T> T run(Supplier<T> body, Predicate<String> worthKeeping) {
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      discardIfNothingKept(worthKeeping);
      throw e;
    }
  }

  private void discardIfNothingKept(Predicate<String> worthKeeping) {
    if (!created) {
      return;
    }
    try {
      List<Path> entries = entries(folder);
      if (entries.stream().anyMatch(e -> worthKeeping.test(e.getFileName().toString()))) {
        return;
      }
      close();
      deleteTree(folder);
    } catch (IOException | RuntimeException cleanup) {
      // The run's own failure is what the user must see; a folder left behind is harmless.
    }
  }

  /**
   * Deletes {@code dir} and everything below it, deepest first (links are not followed).
   *
   * @throws java.io.UncheckedIOException when something cannot be deleted
   */
  public static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Claims {@code folder} for a new run of {@code command}, creating it. A folder that already
   * holds files is refused, unless {@code overwrite}: then the files a run of this kind writes
   * ({@code runOutput}) are removed first, and anything else still refuses, named.
   */
  public static RunFolder claimNew(Path folder, String command, boolean overwrite,
      Predicate<String> runOutput) {
    RunFolder claimed = claim(folder, command);
    try {
      List<String> others = new ArrayList<>();
      for (Path entry : entries(folder)) {
        String name = entry.getFileName().toString();
        if (name.equals(LOCK)) {
          continue;
        }
        if (overwrite && Files.isRegularFile(entry) && runOutput.test(name)) {
          Files.delete(entry);
        } else {
          others.add(name);
        }
      }
      if (!others.isEmpty()) {
        others.sort(null);
        throw VitpException.userError("Expected an empty folder for a new " + command + " run. "
            + "Received: " + folder + " holds " + others.subList(0, Math.min(5, others.size()))
            + (others.size() > 5 ? " and " + (others.size() - 5) + " more" : "")
            + (overwrite ? " (not files a " + command + " run writes; --overwrite leaves them)"
                : others.contains(Checkpoints.POINTER) ? ", a pretraining run's checkpoint; "
                    + "resume it (--resume), replace it (--overwrite) or choose another folder"
                : "; pass --overwrite to replace an earlier run's files, or choose another "
                    + "folder"));
      }
      return claimed;
    } catch (IOException | RuntimeException e) {
      claimed.close();
      throw e instanceof VitpException v ? v : VitpException.userError("Expected a writable "
          + "run folder. Received: " + folder + " (" + e + ")", e);
    }
  }

  /** Claims the folder of an existing run (to resume it), removing orphaned temp files. */
  public static RunFolder claimExisting(Path folder, String command) {
    if (!Files.isDirectory(folder)) {
      throw VitpException.userError("Expected a run folder. Received: " + folder
          + (Files.exists(folder) ? " is not a folder" : " does not exist"));
    }
    return claim(folder, command);
  }

  /**
   * Locks the folder, creating it, before anything in it is looked at: a second run is told
   * who holds it rather than what it holds.
   */
  private static RunFolder claim(Path folder, String command) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw VitpException.userError("Expected a folder (or a new path) for the " + command
          + " run. Received: " + folder + " is an existing file");
    }
    FileChannel channel = null;
    boolean created = !Files.exists(folder);
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(LOCK);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw VitpException.userError("Expected no other run in " + folder + ". Received: it is "
            + "in use by " + (holder.isEmpty() ? "another vitp run" : holder) + "; wait for it "
            + "to end or choose another folder");
      }
      String me = "pid " + ProcessHandle.current().pid() + " (" + command + ", since "
          + Instant.now() + ", " + ManagementFactory.getRuntimeMXBean().getName() + ")";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      removeOrphanedTempFiles(folder);
      return new RunFolder(folder, channel, lock, created);
    } catch (IOException e) {
      closeQuietly(channel);
      throw VitpException.userError("Expected a run folder that can be created and locked. "
          + "Received: " + folder + " (" + e + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Hidden {@code .name….tmp} files of atomic writes that a crash cut short. */
  private static void removeOrphanedTempFiles(Path folder) throws IOException {
    for (Path entry : entries(folder)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(entry)) {
        Files.deleteIfExists(entry);
      }
    }
  }

  private static List<Path> entries(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.toList();
    }
  }

  public Path folder() {
    return folder;
  }

  /** Releases the lock (the lock file stays). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
