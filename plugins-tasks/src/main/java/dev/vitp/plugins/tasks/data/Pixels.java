package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.image.ImageTooLargeException;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.ImageCodec;
import dev.vitp.toolkit.image.Resampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Image and mask loading for the readers: decode, resize to the input size, normalise. */
final class Pixels {
  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "gif");

  private Pixels() {}

  static boolean isImage(Path file) {
    return IMAGE_EXTENSIONS.contains(extension(file)) && Files.isRegularFile(file);
  }

  static String extension(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".nii.gz")) {
      return "nii.gz";
    }
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1);
  }

  /** The file name without its extension ({@code .nii.gz} counts as one). */
  static String stem(Path file) {
    String n = file.getFileName().toString();
    String ext = extension(file);
    return ext.isEmpty() ? n : n.substring(0, n.length() - ext.length() - 1);
  }

  /** Decodes through the toolkit's codec, as pretraining and embedding do: one codec per format. */
  static DecodedImage decode(Path file, long maxPixels) {
    if (!Files.isRegularFile(file)) {
      throw new BadFile(file, BadFile.MISSING, "");
    }
    try {
      return ImageCodec.decode(file, maxPixels);
    } catch (VitpException e) {
      throw bad(file, e);
    }
  }

  static LabelImage decodeLabels(Path file, long maxPixels) {
    if (!Files.isRegularFile(file)) {
      throw new BadFile(file, BadFile.MISSING, "");
    }
    try {
      return ImageCodec.decodeLabels(file, maxPixels);
    } catch (VitpException e) {
      throw bad(file, e);
    }
  }

  /** A decoder's error as a bad file: too large (with its short reason) or corrupt. */
  static BadFile bad(Path file, VitpException e) {
    if (e instanceof BadFile b) {
      return b;
    }
    return e instanceof ImageTooLargeException t
        ? new BadFile(file, BadFile.TOO_LARGE, t.detail())
        : new BadFile(file, BadFile.CORRUPT_IMAGE, String.valueOf(e.getMessage()));
  }

  /** The normalised {@code [3, size, size]} planes of a whole image. */
  static float[] normalised(DecodedImage img, int size, ImageNormalization norm) {
    float[] out = new float[3 * size * size];
    Resampler.resizeNormalize(img, 0, 0, img.width(), img.height(), false, size, norm, out, 0);
    return out;
  }

  /** Nearest-neighbour resize of class ids (pixel centres), never mixing labels. */
  static int[] nearest(int[] values, int width, int height, int size) {
    int[] out = new int[size * size];
    for (int y = 0; y < size; y++) {
      int sy = Math.min(height - 1, (int) ((y + 0.5) * height / size));
      for (int x = 0; x < size; x++) {
        int sx = Math.min(width - 1, (int) ((x + 0.5) * width / size));
        out[y * size + x] = values[sy * width + sx];
      }
    }
    return out;
  }

  static void requireSameSize(Path label, int w, int h, DecodedImage image) {
    if (w != image.width() || h != image.height()) {
      throw new BadFile(label, BadFile.SIZE_MISMATCH,
          "label " + w + "x" + h + ", image " + image.width() + "x" + image.height());
    }
  }

  /** Every regular file directly in {@code dir}, sorted by name; empty when it is no folder. */
  static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw VitpException.userError("Expected a readable folder. Received: " + dir + " ("
          + e.getMessage() + ")", e);
    }
  }

  /** Every sub-folder directly in {@code dir}, sorted by name. */
  static List<Path> folders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (java.io.IOException e) {
      throw VitpException.userError("Expected a readable folder. Received: " + dir + " ("
          + e.getMessage() + ")", e);
    }
  }
}
