package dev.vitp.plugins.domains.image;

/**
 * An image that cannot be decoded (corrupt, truncated, unknown format) or is over the decoding
 * bound ({@link #tooLarge()}); no stack trace.
 */
public final class ImageDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean tooLarge;

  public ImageDecodeException(String message) {
    this(message, false);
  }

  public ImageDecodeException(String message, boolean tooLarge) {
    super(message, null, false, false);
    this.tooLarge = tooLarge;
  }

  /** Over {@code --max-image-pixels}, or out of heap while decoding: not a corrupt file. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
