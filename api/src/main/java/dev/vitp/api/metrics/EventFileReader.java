package dev.vitp.api.metrics;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads TensorBoard event files back (those of {@link EventFileWriter}, and the scalar events
 * of TensorFlow's and PyTorch's writers): checks each record's two masked CRCs, decodes the
 * {@code Event} fields vitp writes and skips the others. A record cut short at the end of a file
 * (a crash while writing) ends the file, as in TensorBoard; a wrong CRC is an error.
 */
public final class EventFileReader {
  /**
   * One event: its wall time, step, the file version (first event only), its scalar values by
   * tag, and its {@code SessionLog} status (0: none; 1: START).
   */
  public record Event(double wallTime, long step, @Nullable String fileVersion,
      Map<String, Float> scalars, int sessionStatus) {}

  /** A scalar's value at a step, with the wall time it was written at. */
  public record Point(long step, double wallTime, float value) {}

  private EventFileReader() {}

  /** The event files of a run folder, in name order (the order they were written). */
  public static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(EventFileWriter.PREFIX))
          .sorted().toList();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable run folder. Received: dir=" + dir
          + ", error=" + e.getMessage(), e);
    }
  }

  /** Every event of one file, in order. */
  public static List<Event> read(Path file) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable event file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buffer.remaining() >= 12) {
      int start = buffer.position();
      long length = buffer.getLong();
      int lengthCrc = buffer.getInt();
      if (MaskedCrc32c.mask(MaskedCrc32c.crc(data, start, 8)) != lengthCrc) {
        throw corrupt(file, start, "length");
      }
      if (length < 0 || length > buffer.remaining() - 4L) {
        break; // torn last record
      }
      int at = buffer.position();
      buffer.position(at + (int) length);
      int dataCrc = buffer.getInt();
      if (MaskedCrc32c.mask(MaskedCrc32c.crc(data, at, (int) length)) != dataCrc) {
        throw corrupt(file, start, "data");
      }
      events.add(decodeEvent(new Cursor(data, at, at + (int) length)));
    }
    return events;
  }

  /**
   * The values of one tag over all event files of a run folder, by step, as TensorBoard shows
   * them: a later file's {@code SessionLog} START at step s drops the earlier values at s and
   * later (a resumed run replays those steps).
   */
  public static List<Point> scalars(Path dir, String tag) {
    TreeMap<Long, Point> byStep = new TreeMap<>();
    for (Path file : files(dir)) {
      for (Event e : read(file)) {
        if (e.sessionStatus() == EventFileWriter.SESSION_START) {
          byStep.tailMap(e.step(), true).clear();
        }
        Float v = e.scalars().get(tag);
        if (v != null) {
          byStep.put(e.step(), new Point(e.step(), e.wallTime(), v));
        }
      }
    }
    return List.copyOf(byStep.values());
  }

  private static VitpException corrupt(Path file, int offset, String what) {
    return VitpException.userError("Expected TFRecord framing with masked CRC-32C. Received: a "
        + "wrong " + what + " CRC in " + file + " at byte " + offset);
  }

  private static Event decodeEvent(Cursor c) {
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    Map<String, Float> scalars = new LinkedHashMap<>();
    int session = 0;
    while (c.more()) {
      long key = c.varint();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 1) {
        wallTime = Double.longBitsToDouble(c.fixed64());
      } else if (field == 2 && wire == 0) {
        step = c.varint();
      } else if (field == 3 && wire == 2) {
        fileVersion = c.string();
      } else if (field == 5 && wire == 2) {
        decodeSummary(c.sub(), scalars);
      } else if (field == 6 && wire == 2) {
        Cursor log = c.sub();
        while (log.more()) {
          long k = log.varint();
          if (k == (1 << 3)) {
            session = (int) log.varint();
          } else {
            log.skip((int) (k & 7));
          }
        }
      } else {
        c.skip(wire);
      }
    }
    return new Event(wallTime, step, fileVersion, Collections.unmodifiableMap(scalars), session);
  }

  private static void decodeSummary(Cursor c, Map<String, Float> out) {
    while (c.more()) {
      long key = c.varint();
      if (key == (1 << 3 | 2)) {
        Cursor value = c.sub();
        String tag = null;
        Float simple = null;
        while (value.more()) {
          long k = value.varint();
          if (k == (1 << 3 | 2)) {
            tag = value.string();
          } else if (k == (2 << 3 | 5)) {
            simple = Float.intBitsToFloat(value.fixed32());
          } else {
            value.skip((int) (k & 7));
          }
        }
        if (tag != null && simple != null) {
          out.put(tag, simple);
        }
      } else {
        c.skip((int) (key & 7));
      }
    }
  }

  /** A position in a protobuf message's bytes. */
  private static final class Cursor {
    private final byte[] data;
    private int at;
    private final int end;

    Cursor(byte[] data, int at, int end) {
      this.data = data;
      this.at = at;
      this.end = end;
    }

    boolean more() {
      return at < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw bad("varint longer than 10 bytes");
    }

    long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (long) (next() & 0xFF) << (8 * i);
      }
      return v;
    }

    int fixed32() {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v |= (next() & 0xFF) << (8 * i);
      }
      return v;
    }

    Cursor sub() {
      long length = varint();
      if (length < 0 || length > end - at) {
        throw bad("length " + length + " past the message");
      }
      Cursor c = new Cursor(data, at, at + (int) length);
      at += (int) length;
      return c;
    }

    String string() {
      Cursor s = sub();
      return new String(data, s.at, s.end - s.at, StandardCharsets.UTF_8);
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> sub();
        case 5 -> advance(4);
        default -> throw bad("wire type " + wire);
      }
    }

    private void advance(int n) {
      if (n > end - at) {
        throw bad("field past the message");
      }
      at += n;
    }

    private byte next() {
      if (at >= end) {
        throw bad("message cut short");
      }
      return data[at++];
    }

    private static VitpException bad(String what) {
      return VitpException.userError("Expected an Event protobuf. Received: " + what);
    }
  }
}
