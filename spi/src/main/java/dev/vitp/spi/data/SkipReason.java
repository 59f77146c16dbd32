package dev.vitp.spi.data;

/** Why a record of an instruction source was left out (policy {@code skip}) or stopped a run. */
public enum SkipReason {
  MALFORMED_JSON("malformed JSON"),
  INVALID_RECORD("invalid record"),
  NO_IMAGE("record without an image"),
  IMAGE_PLACEHOLDER_MISMATCH("<image> placeholders do not match the images"),
  PATH_ESCAPE("image path outside the dataset root"),
  MISSING_IMAGE("missing image"),
  CORRUPT_IMAGE("corrupt image"),
  /** Over the decoding bound ({@code --max-image-pixels}), or out of heap while decoding. */
  IMAGE_TOO_LARGE("image too large"),
  EMPTY_CONVERSATION("empty conversation"),
  ONE_SIDED_CONVERSATION("one-sided conversation"),
  BAD_BOX("invalid box");

  private final String description;

  SkipReason(String description) {
    this.description = description;
  }

  /** A short lower-case phrase used in {@code file:line: reason} messages. */
  public String description() {
    return description;
  }
}
