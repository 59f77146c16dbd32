package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipLog;
import java.nio.file.Path;

/**
 * A dataset file that cannot be used (missing, corrupt, malformed annotation). Readers throw it;
 * {@link #skipIn} turns it into a skip or a stop, so it never crashes a run.
 */
public final class BadFile extends VitpException {
  private static final long serialVersionUID = 1L;

  public static final String MISSING = "missing file";
  public static final String CORRUPT_IMAGE = "corrupt image";
  /** Over {@code --max-image-pixels}, or out of heap while decoding. */
  public static final String TOO_LARGE = "image too large";
  public static final String BAD_ANNOTATION = "bad annotation";
  public static final String SIZE_MISMATCH = "image and label sizes differ";
  public static final String UNPAIRED = "no matching label file";
  public static final String UNKNOWN_CLASS = "unknown class";
  public static final String EMPTY_VOLUME = "volume without usable slices";

  private final transient Path file;
  private final String reason;
  private final String detail;

  public BadFile(Path file, String reason, String detail) {
    super(ErrorCode.USER_ERROR, "Expected a usable dataset file. Received: " + file + ": " + reason
        + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.file = file;
    this.reason = reason;
    this.detail = detail;
  }

  public Path file() {
    return file;
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  /** Counts this file as skipped in {@code skips}, or stops the run there under policy fail. */
  public void skipIn(SkipLog<String> skips) {
    skips.skip(file.toString(), reason, detail);
  }
}
