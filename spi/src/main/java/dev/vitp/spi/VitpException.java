package dev.vitp.spi;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception family of vitp. Messages follow the house style
 * "Expected … Received: name=value" so that a user can fix the input without reading code.
 */
public class VitpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public VitpException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public VitpException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static VitpException userError(String message) {
    return new VitpException(ErrorCode.USER_ERROR, message);
  }

  public static VitpException userError(String message, @Nullable Throwable cause) {
    return new VitpException(ErrorCode.USER_ERROR, message, cause);
  }

  public static VitpException unsupported(String message) {
    return new VitpException(ErrorCode.UNSUPPORTED, message);
  }

  public static VitpException backendFailure(String message, @Nullable Throwable cause) {
    return new VitpException(ErrorCode.BACKEND_FAILURE, message, cause);
  }

  public static VitpException internal(String message) {
    return new VitpException(ErrorCode.INTERNAL, message);
  }

  @Override
  public String toString() {
    return "VitpException[" + code + "]: " + getMessage();
  }
}
