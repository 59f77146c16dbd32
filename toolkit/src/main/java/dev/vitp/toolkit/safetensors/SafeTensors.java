package dev.vitp.toolkit.safetensors;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import dev.vitp.toolkit.io.AtomicFiles;
import dev.vitp.toolkit.json.MiniJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes safetensors files: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw little-endian
 * data. Files are written atomically ({@link AtomicFiles}), so a crash or Ctrl-C never leaves a
 * half-written checkpoint under the final name. Read with {@link SafeTensorsFile#open(Path)}.
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
    AtomicFiles.write(file, channel -> {
      AtomicFiles.writeFully(channel, head);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (FloatTensor t : tensors.values()) {
        for (float v : t.values()) {
          if (chunk.remaining() < 4) {
            chunk.flip();
            AtomicFiles.writeFully(channel, chunk);
            chunk.clear();
          }
          chunk.putFloat(v);
        }
      }
      chunk.flip();
      AtomicFiles.writeFully(channel, chunk);
    });
  }
}
