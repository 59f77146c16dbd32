package dev.vitp.api.metrics;

import dev.vitp.spi.VitpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>}, as TensorFlow's
 * summary writer does: TFRecord framing (length, masked CRC-32C of the length, an {@code Event}
 * protobuf, masked CRC-32C of it), a first event naming the file version {@code brain.Event:2},
 * then one event per call with scalar {@code Summary} values ({@code simple_value}). Each event is
 * flushed when written, so a crash loses at most the record being written (TensorBoard skips a
 * torn last record). Only the few protobuf fields needed are encoded, by hand: TensorFlow stays
 * out of the api module.
 */
public final class EventFileWriter implements AutoCloseable {
  /** The prefix TensorBoard looks for in a run folder. */
  public static final String PREFIX = "events.out.tfevents.";
  static final String FILE_VERSION = "brain.Event:2";
  /** {@code SessionLog.SessionStatus.START}. */
  static final int SESSION_START = 1;

  private final Path file;
  private @Nullable OutputStream out;

  private EventFileWriter(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Creates a new event file in {@code dir}, named with the current time and host name. */
  public static EventFileWriter create(Path dir) {
    long seconds = System.currentTimeMillis() / 1000;
    String base = PREFIX + seconds + "." + host();
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(base);
      // A run resumed within the same second gets a file of its own.
      for (int n = 1; Files.exists(file); n++) {
        file = dir.resolve(base + "." + n);
      }
      OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      EventFileWriter writer = new EventFileWriter(file, out);
      writer.write(event(wallTime(), 0, FILE_VERSION, null, 0));
      return writer;
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable run folder for TensorBoard events. "
          + "Received: dir=" + dir + ", error=" + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Seconds since the epoch, with milliseconds: the wall time TensorBoard records. */
  public static double wallTime() {
    return System.currentTimeMillis() / 1000.0;
  }

  /** One event at {@code step} holding a scalar per entry of {@code values}, in their order. */
  public void scalars(long step, double wallTime, Map<String, ? extends Number> values) {
    if (!values.isEmpty()) {
      write(event(wallTime, step, null, values, 0));
    }
  }

  /**
   * A {@code SessionLog} START at {@code step}: TensorBoard then drops the values of earlier
   * files at this step and later (what a resumed run replays), as PyTorch's {@code purge_step}.
   */
  public void sessionStart(long step, double wallTime) {
    write(event(wallTime, step, null, null, SESSION_START));
  }

  private void write(byte[] event) {
    OutputStream o = out;
    if (o == null) {
      throw VitpException.internal("event file " + file + " is closed");
    }
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(event.length);
    header.putInt(MaskedCrc32c.mask(MaskedCrc32c.crc(header.array(), 0, 8)));
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(MaskedCrc32c.masked(event));
    try {
      o.write(header.array());
      o.write(event);
      o.write(footer.array());
      o.flush();
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable event file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // every event was flushed when written
      }
      out = null;
    }
  }

  /** {@code Event}: wall_time = 1 (double), step = 2, file_version = 3, summary = 5, session_log = 6. */
  static byte[] event(double wallTime, long step, @Nullable String fileVersion,
      @Nullable Map<String, ? extends Number> scalars, int sessionStatus) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    tag(b, 1, 1);
    fixed64(b, Double.doubleToLongBits(wallTime));
    if (step != 0) {
      tag(b, 2, 0);
      varint(b, step);
    }
    if (fileVersion != null) {
      bytes(b, 3, fileVersion.getBytes(StandardCharsets.UTF_8));
    }
    if (scalars != null) {
      ByteArrayOutputStream summary = new ByteArrayOutputStream();
      for (Map.Entry<String, ? extends Number> e : scalars.entrySet()) {
        // Summary.Value: tag = 1, simple_value = 2 (float)
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        bytes(value, 1, e.getKey().getBytes(StandardCharsets.UTF_8));
        tag(value, 2, 5);
        fixed32(value, Float.floatToIntBits(e.getValue().floatValue()));
        bytes(summary, 1, value.toByteArray());
      }
      bytes(b, 5, summary.toByteArray());
    }
    if (sessionStatus != 0) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      tag(log, 1, 0);
      varint(log, sessionStatus);
      bytes(b, 6, log.toByteArray());
    }
    return b.toByteArray();
  }

  private static void tag(ByteArrayOutputStream b, int field, int wireType) {
    varint(b, (long) field << 3 | wireType);
  }

  static void varint(ByteArrayOutputStream b, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      b.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b.write((int) v);
  }

  private static void bytes(ByteArrayOutputStream b, int field, byte[] data) {
    tag(b, field, 2);
    varint(b, data.length);
    b.writeBytes(data);
  }

  private static void fixed64(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 8; i++) {
      b.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }

  private static void fixed32(ByteArrayOutputStream b, int v) {
    for (int i = 0; i < 4; i++) {
      b.write((v >>> (8 * i)) & 0xFF);
    }
  }

  /** The host name TensorFlow puts in the file name; {@code localhost} when it cannot be had. */
  private static String host() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = "localhost";
      }
    }
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() ? "localhost" : safe;
  }
}
