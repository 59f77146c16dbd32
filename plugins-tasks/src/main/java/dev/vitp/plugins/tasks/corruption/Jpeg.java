package dev.vitp.plugins.tasks.corruption;

import dev.vitp.spi.CorruptionConfig;
import dev.vitp.spi.VitpException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * JPEG compression artefacts from a real encode and decode with the JDK's ImageIO codec: three
 * bands as one colour image (YCbCr, subsampled chroma), one band as grayscale, any other count
 * band by band as grayscale. Values are quantised to 8 bits on the way, as a JPEG file would be.
 * The codec is deterministic, and no randomness is used.
 */
public final class Jpeg extends SeverityCorruption {
  /** Encoder quality (IJG scale, 0 to 100) per severity. */
  static final double[] QUALITY = {80, 60, 40, 25, 10};
  /** The JDK's own codec, preferred: other ImageIO plugins on the class path change no bytes. */
  private static final String JDK_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";

  /** {@code {"type": "jpeg"}}. */
  public record Config() implements CorruptionConfig {}

  @Override
  float[] corrupt(float[] image, int width, int height, int bands, int severity,
      SplittableRandom random) {
    float quality = (float) (level(QUALITY, severity) / 100);
    int plane = width * height;
    float[] out = new float[image.length];
    if (bands == 3) {
      roundTrip(image, 0, 3, width, height, BufferedImage.TYPE_3BYTE_BGR, quality, out);
    } else {
      for (int b = 0; b < bands; b++) {
        roundTrip(image, b * plane, 1, width, height, BufferedImage.TYPE_BYTE_GRAY, quality, out);
      }
    }
    return out;
  }

  /** Encodes {@code count} bands from {@code offset} as one JPEG and decodes them into out. */
  private static void roundTrip(float[] image, int offset, int count, int width, int height,
      int type, float quality, float[] out) {
    int plane = width * height;
    BufferedImage img = new BufferedImage(width, height, type);
    WritableRaster raster = img.getRaster();
    int[] samples = new int[plane];
    for (int b = 0; b < count; b++) {
      for (int p = 0; p < plane; p++) {
        float v = Math.max(0f, Math.min(1f, image[offset + b * plane + p]));
        samples[p] = Math.round(v * 255);
      }
      // Raster bands are R, G, B in this order for TYPE_3BYTE_BGR too.
      raster.setSamples(0, 0, width, height, b, samples);
    }
    Raster decoded;
    ImageWriter writer = writer();
    try {
      byte[] jpeg = encode(writer, img, quality);
      decoded = decode(ImageIO.getImageReader(writer), jpeg).getRaster();
    } finally {
      writer.dispose();
    }
    for (int b = 0; b < count; b++) {
      decoded.getSamples(0, 0, width, height, b, samples);
      for (int p = 0; p < plane; p++) {
        out[offset + b * plane + p] = samples[p] / 255f;
      }
    }
  }

  private static byte[] encode(ImageWriter writer, BufferedImage img, float quality) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // In-memory streams: ImageIO's default stream may cache in a temporary file.
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw VitpException.internal("Expected an in-memory JPEG encode to succeed. Received: " + e);
    }
    return bytes.toByteArray();
  }

  /** Decodes with the reader of the writer's plugin. */
  private static BufferedImage decode(@Nullable ImageReader reader, byte[] jpeg) {
    if (reader == null) {
      throw VitpException.internal("Expected a JPEG reader paired with the JPEG writer. "
          + "Received: none");
    }
    try (MemoryCacheImageInputStream in =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
      reader.setInput(in);
      return reader.read(0);
    } catch (IOException e) {
      throw VitpException.internal("Expected an in-memory JPEG decode to succeed. Received: " + e);
    } finally {
      reader.dispose();
    }
  }

  /** A new JPEG writer: the JDK's where present, else the first ImageIO offers. */
  private static ImageWriter writer() {
    @Nullable ImageWriter first = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.getClass().getName().equals(JDK_WRITER)) {
        if (first != null) {
          first.dispose();
        }
        return w;
      }
      if (first == null) {
        first = w;
      } else {
        w.dispose();
      }
    }
    if (first == null) {
      throw VitpException.unsupported("Expected an ImageIO JPEG writer (the JDK has one). "
          + "Received: none");
    }
    return first;
  }
}
