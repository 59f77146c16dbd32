package dev.vitp.spi.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The memory bound every decoder checks from a file's header before it allocates anything, so
 * that a small hostile file (a 1 MB PNG of 20000×20000 pixels, a {@code .nii.gz} that inflates to
 * gigabytes) is refused in microseconds instead of exhausting the heap.
 *
 * <p>One number, {@code maxPixels} ({@code --max-image-pixels}), bounds:
 * <ul>
 *   <li>an image's {@code width × height};
 *   <li>its stored samples, {@code width × height × bands × bytes per sample}, to {@value
 *       #BYTES_PER_PIXEL} bytes per pixel of the bound (16-bit RGBA at the full pixel count; a
 *       7-band 16-bit image may have 8/14 of it);
 *   <li>a NIfTI volume's voxels (all dimensions), each voxel counting as a pixel.
 * </ul>
 */
public final class ImageLimits {
  /**
   * PIL's {@code Image.MAX_IMAGE_PIXELS} (2^30 / 4 / 3, where PIL starts warning): such an image
   * decodes to three float planes of exactly 1 GiB, so the default two loader workers can hold two
   * of them at once within the default heap (a quarter of RAM) of a 16 GB machine. PIL refuses
   * only at twice this, but it keeps 3–4 bytes a pixel where vitp's float planes take 12.
   */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
  /** Stored bytes allowed per pixel of the bound. */
  public static final int BYTES_PER_PIXEL = 8;
  /** The largest Java array, which every raster and plane must fit. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private ImageLimits() {}

  /** {@code maxPixels} itself when positive; otherwise a USER_ERROR naming the option. */
  public static long require(long maxPixels) {
    if (maxPixels < 1) {
      throw dev.vitp.spi.VitpException.userError("Expected --max-image-pixels >= 1. Received: "
          + "maxImagePixels=" + maxPixels);
    }
    return maxPixels;
  }

  /**
   * Refuses an image of {@code width × height} pixels of {@code bytesPerPixel} stored bytes
   * ({@code <= 0}: unknown) over the bound.
   */
  public static void checkImage(Path file, long width, long height, long bytesPerPixel,
      long maxPixels) {
    long pixels = width * height; // both < 2^31: no overflow
    if (pixels > maxPixels) {
      throw tooLarge(file, "an image", maxPixels + " pixels (--max-image-pixels)",
          width + "x" + height + " = " + pixels + " pixels");
    }
    long bytes = bytesPerPixel <= 0 ? 0 : saturatedProduct(pixels, bytesPerPixel);
    long maxBytes = saturatedProduct(maxPixels, BYTES_PER_PIXEL);
    if (bytes > maxBytes || bytes > MAX_ARRAY || pixels * 3 > MAX_ARRAY) {
      throw tooLarge(file, "an image", Math.min(maxBytes, MAX_ARRAY) + " bytes of samples ("
              + BYTES_PER_PIXEL + " a pixel of --max-image-pixels, within a Java array)",
          width + "x" + height + " pixels of " + bytesPerPixel + " bytes = " + bytes + " bytes");
    }
  }

  /** Refuses a NIfTI volume whose voxels (all dimensions of {@code dim}) exceed the bound. */
  public static long checkVolume(Path file, int[] dim, long maxPixels) {
    long voxels = 1;
    for (int i = 1; i <= dim[0]; i++) {
      voxels = saturatedProduct(voxels, dim[i]);
    }
    if (voxels > maxPixels || voxels > MAX_ARRAY) {
      throw tooLarge(file, "a NIfTI volume", Math.min(maxPixels, MAX_ARRAY)
          + " voxels (--max-image-pixels)", "dims "
          + Arrays.toString(Arrays.copyOfRange(dim, 1, dim[0] + 1)) + " = "
          + (voxels == Long.MAX_VALUE ? "over 2^63" : String.valueOf(voxels)) + " voxels");
    }
    return voxels;
  }

  /**
   * What an {@link OutOfMemoryError} while decoding {@code file} becomes: the file is too large
   * for this heap. The decoder's allocations are unreachable once the error has left it, so the
   * caller can skip the file and go on.
   */
  public static ImageTooLargeException outOfMemory(Path file) {
    String heap = heap();
    return new ImageTooLargeException("Expected an image that fits in the Java heap (" + heap
        + "). Received: file=" + file + " ran out of memory while decoding; lower "
        + "--max-image-pixels or --workers, or raise the heap (VITP_JAVA_OPTS=-Xmx…)",
        "ran out of memory while decoding in a " + heap + " heap");
  }

  /** The JVM's maximum heap, for messages: {@code 160 MiB}, {@code 5.9 GiB}. */
  public static String heap() {
    long max = Runtime.getRuntime().maxMemory();
    return max < 1L << 30 ? (max >> 20) + " MiB"
        : String.format(Locale.ROOT, "%.1f GiB", max / (double) (1L << 30));
  }

  /** Whether {@code e} is, or was caused by, an {@link OutOfMemoryError} (codecs wrap it). */
  public static boolean causedByOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private static ImageTooLargeException tooLarge(Path file, String what, String bound,
      String received) {
    return new ImageTooLargeException("Expected " + what + " of at most " + bound
        + ". Received: file=" + file + " with " + received,
        received + ", over the bound of " + bound);
  }

  private static long saturatedProduct(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
