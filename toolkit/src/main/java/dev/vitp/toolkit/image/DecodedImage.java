package dev.vitp.toolkit.image;

/**
 * A decoded image as float planes: {@code data[b * width * height + y * width + x]} for band
 * {@code b} of {@code bands} (1 = single-band, 3 = RGB). Integer samples are scaled to [0, 1] by
 * their bit depth; float samples (float TIFF, NIfTI) are kept as they are ({@code rawFloat}).
 *
 * @param bitDepth bits per sample in the file
 * @param rawFloat values are not in [0, 1] by construction (float samples, NIfTI intensities)
 */
public record DecodedImage(int width, int height, int bands, int bitDepth, boolean rawFloat,
    float[] data) {
  public int pixels() {
    return width * height;
  }
}
