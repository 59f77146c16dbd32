package dev.vitp.plugins.domains.downstream;

import dev.vitp.plugins.domains.image.ImageDecoder;
import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.image.DecodedImage;
import java.nio.file.Path;

/**
 * Segmentation and change masks as single-band 8-bit PNGs whose values are class ids (change
 * masks: 0 and 255, as LEVIR-CD).
 */
public final class LabelMaps {
  private LabelMaps() {}

  /** A label map. */
  public record LabelMap(int width, int height, int[] labels) {}

  public static void write(Path file, byte[] labels, int w, int h) {
    Images.writeGray8(file, labels, w, h);
  }

  public static LabelMap read(Path file) {
    DecodedImage d = ImageDecoder.decode(file);
    if (d.bands() != 1 || d.bitDepth() != 8) {
      throw VitpException.userError("Expected a single-band 8-bit mask. Received: " + file
          + " with " + d.bands() + " bands of " + d.bitDepth() + " bits");
    }
    int[] l = new int[d.pixels()];
    for (int i = 0; i < l.length; i++) {
      l[i] = Math.round(d.data()[i] * 255f);
    }
    return new LabelMap(d.width(), d.height(), l);
  }
}
