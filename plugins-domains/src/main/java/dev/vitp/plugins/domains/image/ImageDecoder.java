package dev.vitp.plugins.domains.image;

import dev.vitp.plugins.domains.nifti.Nifti;
import dev.vitp.plugins.domains.nifti.NiftiVolume;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
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
import org.jspecify.annotations.Nullable;

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
    if (interleavedFastPath(raster, bands, bits, data)) {
      return new DecodedImage(w, h, bands, bits, false, data);
    }
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

  /**
   * Reads 8- and 16-bit component rasters (what PNG, JPEG, BMP and TIFF readers return) straight
   * from their data arrays; the generic {@code Raster.getSamples} goes through a virtual call per
   * sample and dominated decoding time.
   */
  private static boolean interleavedFastPath(Raster raster, int bands, int bits, float[] data) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)
        || raster.getDataBuffer().getNumBanks() != 1) {
      return false;
    }
    DataBuffer db = raster.getDataBuffer();
    byte @Nullable [] bytes = db instanceof DataBufferByte bb ? bb.getData() : null;
    short @Nullable [] shorts = db instanceof DataBufferUShort us ? us.getData() : null;
    if ((bytes == null && shorts == null) || (bytes != null && bits != 8)
        || (shorts != null && bits != 16)) {
      return false;
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int n = w * h;
    int ps = sm.getPixelStride();
    int ss = sm.getScanlineStride();
    int[] offsets = sm.getBandOffsets();
    int origin = db.getOffset() - raster.getSampleModelTranslateY() * ss
        - raster.getSampleModelTranslateX() * ps;
    float scale = bytes != null ? 1f / 255f : 1f / 65535f;
    for (int b = 0; b < bands; b++) {
      int out = b * n;
      for (int y = 0; y < h; y++) {
        int at = origin + y * ss + offsets[b];
        if (bytes != null) {
          for (int x = 0; x < w; x++, at += ps) {
            data[out++] = (bytes[at] & 0xff) * scale;
          }
        } else {
          for (int x = 0; x < w; x++, at += ps) {
            data[out++] = (shorts[at] & 0xffff) * scale;
          }
        }
      }
    }
    return true;
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
