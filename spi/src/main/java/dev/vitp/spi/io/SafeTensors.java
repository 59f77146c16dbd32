package dev.vitp.spi.io;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes safetensors files: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw little-endian
 * data. Files are written atomically (temp file in the same folder, fsync, rename), so a crash or
 * Ctrl-C never leaves a half-written checkpoint under the final name. Read with {@link
 * SafeTensorsFile#open(Path)}.
 */
public final class SafeTensors {
  /** A float32 tensor to write. */
  public record FloatTensor(Shape shape, float[] values) {
    public FloatTensor {
      if (values.length != shape.size()) {
        throw VitpException.userError(
            "Expected " + shape.size() + " values for shape " + shape + ". Received: values="
                + values.length);
      }
    }
  }

  private SafeTensors() {}

  /**
   * Writes float32 tensors (in the map's order; use a sorted or linked map for stable files) and
   * string metadata to {@code file}, atomically.
   */
  public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put("__metadata__", new TreeMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      if (e.getKey().equals("__metadata__") || e.getKey().isEmpty()) {
        throw VitpException.userError(
            "Expected tensor names other than \"\" and __metadata__. Received: name=" + e.getKey());
      }
      long bytes = 4L * e.getValue().values().length;
      List<Object> shape = new ArrayList<>();
      for (int d : e.getValue().shape().dims()) {
        shape.add((long) d);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", shape);
      entry.put("data_offsets", List.of(offset, offset + bytes));
      header.put(e.getKey(), entry);
      offset += bytes;
    }
    byte[] json = MiniJson.write(header).getBytes(StandardCharsets.UTF_8);
    // Pad the header with spaces to 8 bytes so the data is aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    writeAtomically(file, channel -> {
      writeFully(channel, head);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (FloatTensor t : tensors.values()) {
        for (float v : t.values()) {
          if (chunk.remaining() < 4) {
            chunk.flip();
            writeFully(channel, chunk);
            chunk.clear();
          }
          chunk.putFloat(v);
        }
      }
      chunk.flip();
      writeFully(channel, chunk);
    });
  }

  /** What {@link #writeAtomically} runs against the temp file's channel. */
  @FunctionalInterface
  private interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  /**
   * Writes a file through a temp file in the same folder, fsyncs it and renames it over {@code
   * file}, so readers see either the old or the new content, never a torn one.
   */
  private static void writeAtomically(Path file, ChannelWriter writer) {
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
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
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

  /** Writes {@code bytes} to {@code file} atomically (see {@link #writeAtomically}). */
  public static void writeAtomically(Path file, byte[] bytes) {
    writeAtomically(file, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
