package dev.vitp.spi.image;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;

/**
 * An image or volume over the decoding bound ({@link ImageLimits}), or one that exhausted the heap
 * while decoding. A USER_ERROR like any unreadable file, kept apart so that loaders can count it
 * under its own reason ("image too large") and so that a codec does not try another reader.
 */
public final class ImageTooLargeException extends VitpException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  public ImageTooLargeException(String message, String detail) {
    super(ErrorCode.USER_ERROR, message);
    this.detail = detail;
  }

  /** The short reason without the file, for {@code file: reason (detail)} skip lines. */
  public String detail() {
    return detail;
  }
}
