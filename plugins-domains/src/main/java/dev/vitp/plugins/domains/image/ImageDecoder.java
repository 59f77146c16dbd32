package dev.vitp.plugins.domains.image;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.io.DecodedImage;
import dev.vitp.spi.io.ImageCodec;
import dev.vitp.spi.io.Nifti;
import dev.vitp.spi.io.NiftiVolume;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Decodes PNG, JPEG, BMP and TIFF (8/16-bit, float, single-band or RGB) through ImageIO with the
 * TwelveMonkeys plugins, and NIfTI slices, to {@link DecodedImage} float planes. Every failure is an
 * {@link ImageDecodeException}; a truncated file counts as corrupt even where the codec only warns.
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
    String name = ref.file().getFileName().toString();
    if (ImageRef.isNifti(name)) {
      return decodeNifti(ref);
    }
    if (ref.slice() >= 0) {
      throw new ImageDecodeException("a slice index on a file that is not NIfTI: " + ref);
    }
    return decode(ref.file());
  }

  public static DecodedImage decode(Path file) {
    if (ImageRef.isNifti(file.getFileName().toString())) {
      return decodeNifti(ImageRef.of(file));
    }
    try {
      // TwelveMonkeys' TIFF reader clamps float samples to [0, 1]; the JDK's keeps them (float
      // SAR). Prefer the JDK's for TIFF and fall back to TwelveMonkeys for what it cannot read.
      return ImageCodec.decode(file, Comparator.comparingInt(ImageDecoder::preference));
    } catch (VitpException e) {
      throw new ImageDecodeException(file.getFileName() + ": " + e.getMessage());
    }
  }

  private static int preference(ImageReader r) {
    boolean jdk = r.getClass().getName().startsWith("com.sun.imageio.");
    boolean tiff = r.getClass().getName().toLowerCase(Locale.ROOT).contains("tiff");
    return tiff && !jdk ? 1 : 0;
  }

  /** The float planes of a decoded {@link BufferedImage} (shared with the spi's codec). */
  public static DecodedImage convert(BufferedImage img) {
    try {
      return ImageCodec.planes(img);
    } catch (VitpException e) {
      throw new ImageDecodeException(e.getMessage());
    }
  }

  private static DecodedImage decodeNifti(ImageRef ref) {
    NiftiVolume v;
    try {
      v = Nifti.read(ref.file());
    } catch (RuntimeException e) {
      throw new ImageDecodeException(ref.file().getFileName() + ": " + e.getMessage());
    }
    int slices = v.header().nz();
    int z = ref.slice() < 0 ? slices / 2 : ref.slice();
    if (z >= slices) {
      throw new ImageDecodeException(ref + ": slice " + z + " of a volume with " + slices);
    }
    float[] s = v.slice(z);
    return new DecodedImage(v.header().nx(), v.header().ny(), 1, v.header().bitpix(), true, s);
  }
}
