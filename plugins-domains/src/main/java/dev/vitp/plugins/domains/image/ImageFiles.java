package dev.vitp.plugins.domains.image;

import dev.vitp.spi.VitpException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageTypeSpecifier;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds images from sample arrays and writes them as PNG, TIFF, BMP or JPEG through ImageIO. */
public final class ImageFiles {
  static {
    ImageDecoder.registerPlugins();
  }

  private ImageFiles() {}

  /** 8-bit RGB from interleaved {@code r,g,b} bytes. */
  public static BufferedImage rgb(byte[] rgb, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0, n = w * h; i < n; i++) {
      d[3 * i] = rgb[3 * i + 2];
      d[3 * i + 1] = rgb[3 * i + 1];
      d[3 * i + 2] = rgb[3 * i];
    }
    return img;
  }

  /** 8-bit single band. */
  public static BufferedImage gray8(byte[] v, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    System.arraycopy(v, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, w * h);
    return img;
  }

  /** 16-bit single band (values are unsigned). */
  public static BufferedImage gray16(short[] v, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    System.arraycopy(v, 0, ((DataBufferUShort) img.getRaster().getDataBuffer()).getData(), 0, w * h);
    return img;
  }

  /** Writes {@code img}; the format comes from the extension (png, tif/tiff, bmp, jpg/jpeg). */
  public static void write(BufferedImage img, Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".png") ? "png"
        : name.endsWith(".tif") || name.endsWith(".tiff") ? "tiff"
        : name.endsWith(".bmp") ? "bmp"
        : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg" : "";
    if (format.isEmpty()) {
      throw VitpException.userError("Expected an image file name ending .png, .tif, .bmp or .jpg. "
          + "Received: file=" + file);
    }
    Iterator<ImageWriter> writers =
        ImageIO.getImageWriters(ImageTypeSpecifier.createFromRenderedImage(img), format);
    if (!writers.hasNext()) {
      throw VitpException.unsupported("Expected an ImageIO writer for " + format + " images of "
          + "this sample type. Received: none");
    }
    RuntimeException last = null;
    while (writers.hasNext()) {
      ImageWriter writer = writers.next();
      try {
        write(img, file, format, writer);
        return;
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        last = e; // a writer that claims the type but cannot write it: try the next one
      } finally {
        writer.dispose();
      }
    }
    throw VitpException.unsupported("Expected an ImageIO writer that can write this " + format
        + " image. Received: " + last);
  }

  private static void write(BufferedImage img, Path file, String format, ImageWriter writer) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.deleteIfExists(file);
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        ImageWriteParam p = writer.getDefaultWriteParam();
        if (format.equals("png") && p.canWriteCompressed()) {
          // Level 1 deflate: synthetic sets are written often and read a few times.
          p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          p.setCompressionQuality(0.9f);
        }
        writer.write(null, new IIOImage(img, null, null), p);
      }
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable image path. Received: file=" + file, e);
    }
  }
}
