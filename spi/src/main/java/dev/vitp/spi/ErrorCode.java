package dev.vitp.spi;

/** What kind of failure a {@link VitpException} reports; decides how callers (and the CLI) react. */
public enum ErrorCode {
  /** The input, configuration or call was wrong; the message says what was expected. */
  USER_ERROR,
  /** A backend or plugin cannot do what was asked (missing op, capability or format). */
  UNSUPPORTED,
  /** The compute backend failed underneath us (native error, out of memory, closed resource). */
  BACKEND_FAILURE,
  /** A bug in vitp itself. */
  INTERNAL
}
