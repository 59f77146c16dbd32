package dev.vitp.plugins.domains.image;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.image.ImageTooLargeException;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.ImageCodec;
import dev.vitp.toolkit.image.Nifti;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ServiceLoader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Decodes PNG, JPEG, BMP and TIFF (8/16-bit, float, any number of bands) through the toolkit's
 * {@link ImageCodec} with the TwelveMonkeys plugins registered, and NIfTI slices through {@link
 * Nifti}, to {@link DecodedImage} float planes — the same decoders, and so the same planes, as
 * fine-tuning and embedding. Every failure is an {@link ImageDecodeException}; a truncated file
 * counts as corrupt even where the codec only warns; a file over the decoding bound is one flagged
 * {@code tooLarge}.
 */
public final class ImageDecoder {
  static {
    registerPlugins();
  }

  private ImageDecoder() {}

  /**
   * Makes this module's ImageIO plugins (TwelveMonkeys) visible even when the module was loaded by
   * a plugin class loader that ImageIO's own scan of the context class loader does not see.
   */
  public static synchronized void registerPlugins() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    ClassLoader cl = ImageDecoder.class.getClassLoader();
    for (ImageReaderSpi spi : ServiceLoader.load(ImageReaderSpi.class, cl)) {
      registry.registerServiceProvider(spi);
    }
    for (ImageWriterSpi spi : ServiceLoader.load(ImageWriterSpi.class, cl)) {
      registry.registerServiceProvider(spi);
    }
  }

  public static DecodedImage decode(ImageRef ref) {
    return decode(ref, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /** An image, or a NIfTI volume's slice, within {@code maxPixels} (see {@link ImageLimits}). */
  public static DecodedImage decode(ImageRef ref, long maxPixels) {
    String name = ref.file().getFileName().toString();
    try {
      if (ImageRef.isNifti(name)) {
        return Nifti.readSlice(ref.file(), ref.slice(), maxPixels);
      }
      if (ref.slice() >= 0) {
        throw new ImageDecodeException("a slice index on a file that is not NIfTI: " + ref);
      }
      // The toolkit's codec, as fine-tuning and embedding use it: one decoder per format.
      return ImageCodec.decode(ref.file(), maxPixels);
    } catch (ImageTooLargeException e) {
      throw new ImageDecodeException(name + ": " + e.detail(), true);
    } catch (VitpException e) {
      throw new ImageDecodeException(name + ": " + e.getMessage());
    }
  }

  public static DecodedImage decode(Path file) {
    return decode(ImageRef.of(file));
  }

  /** The float planes of a decoded {@link BufferedImage} (shared with the toolkit's codec). */
  public static DecodedImage convert(BufferedImage img) {
    try {
      return ImageCodec.planes(img);
    } catch (VitpException e) {
      throw new ImageDecodeException(e.getMessage());
    }
  }
}
