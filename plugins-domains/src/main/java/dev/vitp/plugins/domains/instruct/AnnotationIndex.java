package dev.vitp.plugins.domains.instruct;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where each record (non-blank line) of a JSONL file starts, so that records can be read in any
 * order without holding the file in memory: 16 bytes per record. Blank lines are not records.
 * Immutable; each pass opens its own {@link Reader}.
 */
public final class AnnotationIndex {
  private final Path file;
  private final long[] offsets;
  private final int[] lengths;
  private final int[] lineNumbers;
  private final int count;

  private AnnotationIndex(Path file, long[] offsets, int[] lengths, int[] lineNumbers, int count) {
    this.file = file;
    this.offsets = offsets;
    this.lengths = lengths;
    this.lineNumbers = lineNumbers;
    this.count = count;
  }

  /** Scans {@code file} once; USER_ERROR when it cannot be read. */
  public static AnnotationIndex scan(Path file) {
    long[] offsets = new long[1024];
    int[] lengths = new int[1024];
    int[] lines = new int[1024];
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      long pos = 0;
      long lineStart = 0;
      int lineNo = 1;
      boolean content = false;
      boolean first = true;
      int r;
      while ((r = in.read(buf)) > 0) {
        int i = 0;
        if (first) {
          first = false;
          if (r >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            i = 3;
            lineStart = 3;
          }
        }
        for (; i < r; i++) {
          byte b = buf[i];
          if (b == '\n') {
            if (content) {
              if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, n * 2);
                lengths = Arrays.copyOf(lengths, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
              }
              offsets[n] = lineStart;
              lengths[n] = lineLength(pos + i - lineStart);
              lines[n] = lineNo;
              n++;
            }
            lineNo++;
            lineStart = pos + i + 1;
            content = false;
          } else if (!content && b != ' ' && b != '\t' && b != '\r') {
            content = true;
          }
        }
        pos += r;
      }
      if (content) {
        if (n == offsets.length) {
          offsets = Arrays.copyOf(offsets, n + 1);
          lengths = Arrays.copyOf(lengths, n + 1);
          lines = Arrays.copyOf(lines, n + 1);
        }
        offsets[n] = lineStart;
        lengths[n] = lineLength(pos - lineStart);
        lines[n] = lineNo;
        n++;
      }
      return new AnnotationIndex(file, offsets, lengths, lines, n);
    } catch (IOException e) {
      throw VitpException.userError(
          "Expected a readable annotation file (.jsonl). Received: annotation=" + file, e);
    }
  }

  private static int lineLength(long len) {
    if (len > Integer.MAX_VALUE - 16) {
      throw VitpException.userError("Expected JSONL lines under 2 GiB. Received: length=" + len);
    }
    return (int) len;
  }

  public Path file() {
    return file;
  }

  /** Records (non-blank lines) in the file. */
  public int size() {
    return count;
  }

  /** The 1-based line number of record {@code i}. */
  public int lineNumber(int i) {
    return lineNumbers[i];
  }

  /** {@code file:line} of record {@code i}. */
  public String source(int i) {
    return file + ":" + lineNumbers[i];
  }

  /** Opens the file for reading records; thread-safe (positional reads). */
  public Reader openReader() {
    try {
      return new Reader(FileChannel.open(file, StandardOpenOption.READ));
    } catch (IOException e) {
      throw VitpException.userError(
          "Expected a readable annotation file (.jsonl). Received: annotation=" + file, e);
    }
  }

  /** Reads records of the index's file; close it when the pass ends. */
  public final class Reader implements AutoCloseable {
    private final FileChannel channel;

    private Reader(FileChannel channel) {
      this.channel = channel;
    }

    /** The bytes of record {@code i} (a trailing CR included; JSON ignores it). */
    public byte[] read(int i) {
      byte[] out = new byte[lengths[i]];
      ByteBuffer bb = ByteBuffer.wrap(out);
      long pos = offsets[i];
      try {
        while (bb.hasRemaining()) {
          int r = channel.read(bb, pos + bb.position());
          if (r < 0) {
            throw new IOException("file shrank while reading");
          }
        }
      } catch (IOException e) {
        throw VitpException.userError("Expected a readable annotation file. Received: "
            + source(i) + " (" + e.getMessage() + ")", e);
      }
      return out;
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
