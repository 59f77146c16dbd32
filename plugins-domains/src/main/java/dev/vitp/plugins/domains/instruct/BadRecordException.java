package dev.vitp.plugins.domains.instruct;

import dev.vitp.spi.data.SkipReason;

/**
 * Internal signal that a record is bad; {@link dev.vitp.spi.data.SkipLog} turns it into a skip or
 * a USER_ERROR.
 * Cheap: no stack trace.
 */
public final class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SkipReason reason;
  private final String detail;

  public BadRecordException(SkipReason reason, String detail) {
    super(reason.description() + ": " + detail, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  public SkipReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
