package dev.vitp.plugins.domains.image;

import dev.vitp.plugins.domains.nifti.Nifti;
import dev.vitp.plugins.domains.nifti.NiftiVolume;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageInputStream;

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
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new ImageDecodeException("cannot open " + file);
      }
      List<ImageReader> readers = new ArrayList<>();
      ImageIO.getImageReaders(in).forEachRemaining(readers::add);
      if (readers.isEmpty()) {
        throw new ImageDecodeException("no image reader recognises " + file.getFileName());
      }
      // TwelveMonkeys' TIFF reader clamps float samples to [0, 1]; the JDK's keeps them (float
      // SAR). Prefer the JDK's for TIFF and fall back to TwelveMonkeys for what it cannot read.
      readers.sort(Comparator.comparingInt(r -> preference(r)));
      ImageDecodeException first = null;
      for (ImageReader reader : readers) {
        try {
          in.seek(0);
          return read(reader, in, file);
        } catch (ImageDecodeException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      throw first;
    } catch (IOException e) {
      throw new ImageDecodeException(file.getFileName() + ": " + e.getMessage());
    }
  }

  private static int preference(ImageReader r) {
    boolean jdk = r.getClass().getName().startsWith("com.sun.imageio.");
    boolean tiff = r.getClass().getName().toLowerCase(Locale.ROOT).contains("tiff");
    return tiff && !jdk ? 1 : 0;
  }

  private static DecodedImage read(ImageReader reader, ImageInputStream in, Path file) {
    List<String> warnings = new ArrayList<>(0);
    IIOReadWarningListener listener = (src, w) -> warnings.add(w);
    try {
      reader.addIIOReadWarningListener(listener);
      reader.setInput(in, true, true);
      BufferedImage img = reader.read(0);
      for (String w : warnings) {
        String l = w.toLowerCase(Locale.ROOT);
        if (l.contains("premature") || l.contains("truncat") || l.contains("eof")
            || l.contains("end of")) {
          throw new ImageDecodeException(file.getFileName() + ": " + w);
        }
      }
      return convert(img);
    } catch (IOException e) {
      throw new ImageDecodeException(file.getFileName() + ": " + e.getMessage());
    } catch (ImageDecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // Codecs throw all kinds of runtime exceptions on corrupt input (index, state, argument …).
      throw new ImageDecodeException(file.getFileName() + ": " + e);
    } finally {
      reader.dispose();
    }
  }

  /** The float planes of a decoded {@link BufferedImage}. */
  public static DecodedImage convert(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (w <= 0 || h <= 0) {
      throw new ImageDecodeException("empty image " + w + "x" + h);
    }
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int colorBands = cm == null ? raster.getNumBands() : cm.getNumColorComponents();
    int csType = cm == null ? -1 : cm.getColorSpace().getType();
    boolean direct = !(cm instanceof IndexColorModel)
        && (colorBands == 1 || (colorBands >= 3 && (csType == ColorSpace.TYPE_RGB || cm == null)));
    if (!direct) {
      return fromRgb(img);
    }
    int bands = colorBands == 1 ? 1 : 3;
    int dataType = raster.getDataBuffer().getDataType();
    int bits = raster.getSampleModel().getSampleSize(0);
    int n = w * h;
    float[] data = new float[bands * n];
    float[] tmp = null;
    boolean raw = dataType == DataBuffer.TYPE_FLOAT || dataType == DataBuffer.TYPE_DOUBLE;
    for (int b = 0; b < bands; b++) {
      tmp = raster.getSamples(0, 0, w, h, b, tmp);
      float offset = 0;
      float scale = 1;
      switch (dataType) {
        case DataBuffer.TYPE_SHORT -> {
          offset = 32768f;
          scale = 1f / 65535f;
        }
        case DataBuffer.TYPE_FLOAT, DataBuffer.TYPE_DOUBLE -> scale = 1f;
        default -> scale = (float) (1.0 / ((1L << Math.min(bits, 32)) - 1));
      }
      int base = b * n;
      for (int i = 0; i < n; i++) {
        data[base + i] = (tmp[i] + offset) * scale;
      }
    }
    return new DecodedImage(w, h, bands, raw ? 32 : bits, raw, data);
  }

  private static DecodedImage fromRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int n = w * h;
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] data = new float[3 * n];
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      data[i] = ((p >> 16) & 0xff) / 255f;
      data[n + i] = ((p >> 8) & 0xff) / 255f;
      data[2 * n + i] = (p & 0xff) / 255f;
    }
    return new DecodedImage(w, h, 3, 8, false, data);
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
