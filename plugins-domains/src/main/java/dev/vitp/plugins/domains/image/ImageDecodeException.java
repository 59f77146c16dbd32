package dev.vitp.plugins.domains.image;

/** An image that cannot be decoded (corrupt, truncated, unknown format); no stack trace. */
public final class ImageDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message, null, false, false);
  }
}
