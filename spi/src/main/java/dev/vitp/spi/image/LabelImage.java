package dev.vitp.spi.image;

import dev.vitp.spi.VitpException;

/**
 * A decoded label mask: {@code values[y * width + x]}. Stored class ids (palette index or gray
 * value) when {@code rgb} is false; packed {@code 0xRRGGBB} colours when it is true.
 */
public record LabelImage(int width, int height, boolean rgb, int[] values) {
  public LabelImage {
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw VitpException.userError("Expected width*height label values. Received: width=" + width
          + ", height=" + height + ", values=" + values.length);
    }
  }
}
