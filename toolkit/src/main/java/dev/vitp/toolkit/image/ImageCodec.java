package dev.vitp.toolkit.image;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.image.ImageTooLargeException;
import dev.vitp.spi.image.LabelImage;
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
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The one image decoder of vitp — pretraining, fine-tuning and embedding all decode through it, so
 * a file gives the same planes everywhere — on the JDK's ImageIO: PNG, JPEG, BMP, GIF and (since
 * JDK 9) TIFF, plus whatever ImageIO plugins the application registered (TwelveMonkeys with the
 * plugins). Images become float planes ({@link DecodedImage}); label masks become integer maps
 * ({@link LabelImage}).
 *
 * <p>Every failure — missing, corrupt or truncated file, unknown format — is a USER_ERROR naming
 * the file, so dataset readers can skip or stop with a {@code file: reason} line. Before any pixel
 * is allocated, the header's size is checked against {@link ImageLimits} (an {@link
 * ImageTooLargeException} when over), and a heap exhausted while decoding one file becomes the
 * same exception rather than an error that ends the run.
 */
public final class ImageCodec {
  private ImageCodec() {}

  /**
   * The reader order every caller uses: ImageIO's, except that for TIFF the JDK's reader comes
   * first (TwelveMonkeys' clamps float samples to [0, 1]; the JDK's keeps them, as float SAR
   * needs), TwelveMonkeys' serving what the JDK's cannot read.
   */
  public static final Comparator<ImageReader> READER_ORDER = Comparator.comparingInt(r -> {
    String name = r.getClass().getName();
    boolean jdk = name.startsWith("com.sun.imageio.");
    return name.toLowerCase(Locale.ROOT).contains("tiff") && !jdk ? 1 : 0;
  });

  /** Decodes an image within the default bound ({@link ImageLimits#DEFAULT_MAX_PIXELS}). */
  public static DecodedImage decode(Path file) {
    return decode(file, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /** Decodes an image of at most {@code maxPixels} pixels (see {@link ImageLimits}). */
  public static DecodedImage decode(Path file, long maxPixels) {
    try {
      return planes(read(file, READER_ORDER, maxPixels), file);
    } catch (OutOfMemoryError e) {
      throw ImageLimits.outOfMemory(file);
    }
  }

  /**
   * Decodes an image, trying the readers that recognise it in {@code preference} order (a plugin
   * may prefer or avoid particular codecs); the first failure is reported if all fail.
   */
  public static DecodedImage decode(Path file, Comparator<ImageReader> preference) {
    try {
      return planes(read(file, preference, ImageLimits.DEFAULT_MAX_PIXELS), file);
    } catch (OutOfMemoryError e) {
      throw ImageLimits.outOfMemory(file);
    }
  }

  /** {@link #decodeLabels(Path, long)} within the default bound. */
  public static LabelImage decodeLabels(Path file) {
    return decodeLabels(file, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes a label mask. Palette images ({@link IndexColorModel}, as VOC/iSAID-style masks) and
   * single-band images give their stored indices/values; RGB images give packed {@code 0xRRGGBB}
   * colours for a colour→class table (UAVid style), flagged by {@link LabelImage#rgb()}.
   */
  public static LabelImage decodeLabels(Path file, long maxPixels) {
    try {
      return labels(read(file, READER_ORDER, maxPixels));
    } catch (OutOfMemoryError e) {
      throw ImageLimits.outOfMemory(file);
    }
  }

  private static LabelImage labels(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    ColorModel cm = img.getColorModel();
    int[] out = new int[w * h];
    if (cm instanceof IndexColorModel || raster.getNumBands() == 1) {
      raster.getSamples(0, 0, w, h, 0, out);
      return new LabelImage(w, h, false, out);
    }
    if (raster.getNumBands() == 2) { // gray + alpha
      raster.getSamples(0, 0, w, h, 0, out);
      return new LabelImage(w, h, false, out);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < out.length; i++) {
      out[i] = argb[i] & 0xffffff;
    }
    return new LabelImage(w, h, true, out);
  }

  /** {@link #read(Path, Comparator, long)} within the default bound. */
  public static BufferedImage read(Path file, Comparator<ImageReader> preference) {
    return read(file, preference, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads the {@link BufferedImage} of a file (USER_ERROR for anything it cannot decode), after
   * checking its header's size against {@code maxPixels}.
   */
  public static BufferedImage read(Path file, Comparator<ImageReader> preference,
      long maxPixels) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw bad(file, "cannot open the file");
      }
      List<ImageReader> readers = new ArrayList<>();
      ImageIO.getImageReaders(in).forEachRemaining(readers::add);
      if (readers.isEmpty()) {
        throw bad(file, "no image reader recognises its contents");
      }
      readers.sort(preference);
      VitpException first = null;
      for (ImageReader reader : readers) {
        try {
          in.seek(0);
          return read(reader, in, file, maxPixels);
        } catch (ImageTooLargeException e) {
          throw e; // the header's size is the file's, whichever reader reads it
        } catch (VitpException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      throw first;
    } catch (IOException e) {
      throw bad(file, String.valueOf(e.getMessage()));
    }
  }

  private static BufferedImage read(ImageReader reader, ImageInputStream in, Path file,
      long maxPixels) {
    List<String> warnings = new ArrayList<>(0);
    IIOReadWarningListener listener = (src, w) -> warnings.add(w);
    try {
      reader.addIIOReadWarningListener(listener);
      reader.setInput(in, true, true);
      // The header only: no pixel is allocated before the size is known to be within bounds.
      ImageLimits.checkImage(file, reader.getWidth(0), reader.getHeight(0),
          storedBytesPerPixel(reader), maxPixels);
      BufferedImage img = reader.read(0);
      for (String w : warnings) {
        String l = w.toLowerCase(Locale.ROOT);
        if (l.contains("premature") || l.contains("truncat") || l.contains("eof")
            || l.contains("end of")) {
          throw bad(file, w);
        }
      }
      if (img.getWidth() <= 0 || img.getHeight() <= 0) {
        throw bad(file, "empty image " + img.getWidth() + "x" + img.getHeight());
      }
      return img;
    } catch (VitpException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // The JDK's PNG reader wraps every Throwable, an exhausted heap included, in an IIOException.
      if (ImageLimits.causedByOutOfMemory(e)) {
        throw ImageLimits.outOfMemory(file);
      }
      // Codecs throw all kinds of runtime exceptions on corrupt input (index, state, argument …).
      throw bad(file, e instanceof IOException ? String.valueOf(e.getMessage()) : e.toString());
    } finally {
      reader.dispose();
    }
  }

  /** Bytes a pixel takes as the reader stores it (all bands), or 0 when it does not say. */
  private static long storedBytesPerPixel(ImageReader reader) {
    try {
      ImageTypeSpecifier type = reader.getRawImageType(0);
      if (type == null) {
        var types = reader.getImageTypes(0);
        type = types.hasNext() ? types.next() : null;
      }
      if (type == null) {
        return 0;
      }
      long bits = 0;
      for (int b = 0; b < type.getNumBands(); b++) {
        bits += type.getBitsPerBand(b);
      }
      return (bits + 7) / 8;
    } catch (IOException | RuntimeException e) {
      return 0; // the pixel count still bounds it; read(0) reports what is wrong with the file
    }
  }

  /**
   * The float planes of a decoded image, by one rule for every format and reader:
   * <ul>
   *   <li>palette images, and images in a colour space other than grey or RGB with up to four
   *       samples (CMYK, YCbCr, Lab …), are converted to 8-bit RGB through their colour model;
   *   <li>otherwise the stored samples are taken as they are: one or two samples (grey, grey +
   *       alpha) give one band (the first); three or more (RGB, RGBA, multispectral) give three
   *       bands, the first three in file order;
   *   <li>integer samples are scaled to [0, 1] by their type's range (8-bit by 255, 16-bit by
   *       65535, n-bit by 2^n - 1; signed 16-bit shifted by 32768 first); float samples are kept
   *       as they are.
   * </ul>
   */
  public static DecodedImage planes(BufferedImage img) {
    return planes(img, null);
  }

  private static DecodedImage planes(BufferedImage img, @Nullable Path file) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (w <= 0 || h <= 0) {
      throw VitpException.userError("Expected a non-empty image. Received: "
          + (file == null ? "" : "file=" + file + ", ") + "size=" + w + "x" + h);
    }
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int samples = raster.getNumBands();
    if (cm instanceof IndexColorModel || samples <= 4 && cm != null
        && CONVERTED_SPACES.contains(cm.getColorSpace().getType())) {
      return fromRgb(img);
    }
    int bands = samples < 3 ? 1 : 3;
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
      float scale;
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

  /** Colour spaces whose samples are not grey or RGB values: converted through the model. */
  private static final Set<Integer> CONVERTED_SPACES = Set.of(ColorSpace.TYPE_CMYK,
      ColorSpace.TYPE_CMY, ColorSpace.TYPE_YCbCr, ColorSpace.TYPE_Lab, ColorSpace.TYPE_Luv,
      ColorSpace.TYPE_XYZ, ColorSpace.TYPE_Yxy, ColorSpace.TYPE_HSV, ColorSpace.TYPE_HLS);

  private static VitpException bad(Path file, String reason) {
    return VitpException.userError(
        "Expected a decodable image. Received: file=" + file + " (" + reason + ")");
  }
}
