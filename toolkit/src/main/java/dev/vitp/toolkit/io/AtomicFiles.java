package dev.vitp.toolkit.io;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: through a temp file in the same folder, fsynced and renamed over the
 * target, so readers (and a crash or Ctrl-C) see either the old or the new content, never a torn
 * one. Every output file vitp writes whole (checkpoints, configs, reports, charts) goes through
 * here. Failures are a USER_ERROR naming the file; the temp file is removed.
 */
public final class AtomicFiles {
  /** What {@link #write(Path, ChannelWriter)} runs against the temp file's channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code file} atomically, creating its folder when missing. */
  public static void write(Path file, byte[] bytes) {
    write(file, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
  }

  /** Writes {@code text} as UTF-8 to {@code file} atomically, creating its folder when missing. */
  public static void writeString(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Streams a file's content through {@code writer} into a temp file beside {@code file}, fsyncs
   * it and renames it over {@code file}; for content too large to hold twice (checkpoints).
   */
  public static void write(Path file, ChannelWriter writer) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // Not Files.createTempFile: it makes the file 0600 whatever the umask, so a colleague or a
      // TensorBoard server running as another user could not read the output. CREATE_NEW gives
      // the mode every other new file gets (0666 less the umask).
      tmp = dir.resolve("." + file.getFileName() + Long.toUnsignedString(
          ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.CREATE_NEW)) {
        writer.write(channel);
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw VitpException.userError(
          "Expected a writable file. Received: file=" + file + ", error=" + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The temp file is hidden and named after the target; leaving it is harmless.
        }
      }
    }
  }

  /** Writes all of {@code buffer}: one channel write may write only part of it. */
  public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
