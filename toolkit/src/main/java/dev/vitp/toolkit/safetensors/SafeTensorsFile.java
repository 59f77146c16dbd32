package dev.vitp.toolkit.safetensors;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import dev.vitp.toolkit.json.MiniJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A validated, memory-mapped safetensors file. Opening checks the header length, the JSON, every
 * dtype, shape and data offset (inside the data, sized to the shape, no overlaps or holes), so a
 * truncated or corrupt checkpoint fails with a clear message before any weight is used.
 */
public final class SafeTensorsFile implements AutoCloseable {
  /** Largest header accepted (the reference implementation's limit). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  /** One tensor's header entry. */
  public record Entry(String name, String dtype, Shape shape, long begin, long end) {}

  private final Path file;
  private final MappedByteBuffer data;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;

  private SafeTensorsFile(Path file, MappedByteBuffer data, Map<String, Entry> entries,
      Map<String, String> metadata) {
    this.file = file;
    this.data = data;
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Opens and validates a safetensors file. */
  public static SafeTensorsFile open(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw corrupt(file, "at least 8 bytes (the header length)", "size=" + size);
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      while (lengthBytes.hasRemaining() && channel.read(lengthBytes, lengthBytes.position()) > 0) {
        // read until the 8 bytes are in
      }
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
        throw corrupt(file, "a header length in [1, min(100 MiB, file size - 8)]",
            "headerLength=" + headerLength + ", fileSize=" + size);
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      channel.read(headerBytes, 8);
      headerBytes.flip();
      String json;
      try {
        json = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(headerBytes).toString();
      } catch (CharacterCodingException e) {
        throw corrupt(file, "a UTF-8 JSON header", "invalid UTF-8");
      }
      long dataLength = size - 8 - headerLength;
      Object parsed;
      try {
        parsed = MiniJson.parse(json);
      } catch (VitpException e) {
        throw corrupt(file, "a JSON header", e.getMessage());
      }
      if (!(parsed instanceof Map<?, ?> header)) {
        throw corrupt(file, "a JSON object header", "header=" + abbreviate(json));
      }
      Map<String, String> metadata = new TreeMap<>();
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : header.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals("__metadata__")) {
          if (!(e.getValue() instanceof Map<?, ?> meta)) {
            throw corrupt(file, "__metadata__ to be an object of strings", "value=" + e.getValue());
          }
          for (Map.Entry<?, ?> m : meta.entrySet()) {
            if (!(m.getValue() instanceof String value)) {
              throw corrupt(file, "string metadata values", "key=" + m.getKey());
            }
            metadata.put((String) m.getKey(), value);
          }
          continue;
        }
        entries.put(name, entry(file, name, e.getValue(), dataLength));
      }
      checkLayout(file, entries, dataLength);
      if (dataLength > Integer.MAX_VALUE) {
        throw VitpException.unsupported("Expected safetensors data under 2 GiB per file (shard "
            + "larger checkpoints). Received: file=" + file + ", dataBytes=" + dataLength);
      }
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 8 + headerLength,
          dataLength);
      return new SafeTensorsFile(file, mapped, Collections.unmodifiableMap(entries),
          Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      throw VitpException.userError(
          "Expected a readable safetensors file. Received: file=" + file + ", error=" + e, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Tensor names in header order. */
  public Set<String> names() {
    return entries.keySet();
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  public Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw VitpException.userError(
          "Expected tensor [" + name + "] in " + file + ". Received: names=" + nearby(name));
    }
    return e;
  }

  /** The tensor's values as float32 (F32, F16, BF16, F64 and integer dtypes are converted). */
  public float[] floats(String name) {
    Entry e = entry(name);
    int n = e.shape().elementCount();
    float[] out = new float[n];
    ByteBuffer b = slice(e);
    switch (e.dtype()) {
      case "F32" -> b.asFloatBuffer().get(out);
      case "F64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(i * 2));
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case "I64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(i * 8);
        }
      }
      case "I32" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(i * 4);
        }
      }
      case "I16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getShort(i * 2);
        }
      }
      case "I8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.get(i);
        }
      }
      case "U8", "BOOL" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.get(i) & 0xff;
        }
      }
      default -> throw VitpException.internal("dtype validated at open: " + e.dtype());
    }
    return out;
  }

  /** Releases the mapping (the GC unmaps it; nothing native is held beyond that). */
  @Override
  public void close() {
    // A MappedByteBuffer is unmapped when collected; the channel is already closed.
  }

  private ByteBuffer slice(Entry e) {
    return data.duplicate().position((int) e.begin()).limit((int) e.end()).slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  static int elementSize(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> -1;
    };
  }

  private static Entry entry(Path file, String name, @Nullable Object value, long dataLength) {
    if (!(value instanceof Map<?, ?> m)) {
      throw corrupt(file, "an object for tensor [" + name + "]", "value=" + value);
    }
    Object dtype = m.get("dtype");
    if (!(dtype instanceof String d) || elementSize(d) < 0 || d.startsWith("U") && !d.equals("U8")) {
      throw corrupt(file, "dtype one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL for ["
          + name + "]", "dtype=" + dtype);
    }
    int[] dims = ints(file, name, "shape", m.get("shape"), -1);
    Shape shape = Shape.of(dims);
    long[] range = longs(file, name, m.get("data_offsets"));
    long begin = range[0];
    long end = range[1];
    if (begin < 0 || end < begin || end > dataLength) {
      throw corrupt(file, "data_offsets inside the data [0, " + dataLength + "] for [" + name + "]",
          "data_offsets=[" + begin + ", " + end + "]");
    }
    long expected = shape.size() * elementSize(d);
    if (end - begin != expected) {
      throw corrupt(file, expected + " bytes for [" + name + "] (" + d + " " + shape + ")",
          "bytes=" + (end - begin));
    }
    return new Entry(name, d, shape, begin, end);
  }

  private static void checkLayout(Path file, Map<String, Entry> entries, long dataLength) {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long cursor = 0;
    for (Entry e : sorted) {
      if (e.begin() != cursor) {
        throw corrupt(file, "tensors that tile the data without overlaps or holes",
            "tensor=" + e.name() + ", begin=" + e.begin() + ", expectedBegin=" + cursor);
      }
      cursor = e.end();
    }
    if (cursor != dataLength) {
      throw corrupt(file, "data of exactly " + cursor + " bytes after the header",
          "dataBytes=" + dataLength + " (truncated or trailing bytes)");
    }
  }

  private static int[] ints(Path file, String name, String field, @Nullable Object value, int len) {
    if (!(value instanceof List<?> list) || (len >= 0 && list.size() != len)) {
      throw corrupt(file, "a list of integers for [" + name + "]." + field, field + "=" + value);
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw corrupt(file, "non-negative integers for [" + name + "]." + field, field + "=" + value);
      }
      out[i] = (int) (long) l;
    }
    return out;
  }

  private static long[] longs(Path file, String name, @Nullable Object value) {
    if (!(value instanceof List<?> list) || list.size() != 2
        || !(list.get(0) instanceof Long b) || !(list.get(1) instanceof Long e)) {
      throw corrupt(file, "data_offsets [begin, end] for [" + name + "]", "data_offsets=" + value);
    }
    return new long[] {b, e};
  }

  private static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      // Subnormal half: value = mant * 2^-24.
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  private String nearby(String name) {
    List<String> names = new ArrayList<>(entries.keySet());
    return names.size() <= 8 ? names.toString()
        : names.subList(0, 8) + " … (" + names.size() + " tensors)";
  }

  private static VitpException corrupt(Path file, String expected, String received) {
    return VitpException.userError("Expected a valid safetensors file (" + file + "): " + expected
        + ". Received: " + received);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
