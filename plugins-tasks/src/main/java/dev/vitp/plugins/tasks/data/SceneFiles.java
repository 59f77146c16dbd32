package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.toolkit.image.DecodedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Unlabelled inputs for prediction, found and decoded as the dataset readers find and decode
 * theirs (same extensions, same decoder and bound, same bad-file reasons), and what a model's
 * saved data options say about its outputs (oriented boxes, class colours).
 */
public final class SceneFiles {
  private SceneFiles() {}

  /** A change-detection pair: date A and date B of one scene, matched by file stem. */
  public record Pair(Path a, Path b) {}

  /** Every image file under {@code dir} (recursively, hidden entries left out), by path. */
  public static List<Path> images(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !hidden(dir.relativize(p))).filter(Pixels::isImage).sorted()
          .toList();
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable folder of images. Received: " + dir
          + " (" + e.getMessage() + ")", e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path name : relative) {
      if (name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The pairs of a change-detection folder in a layout the readers know ({@code A/} + {@code
   * B/}: LEVIR-CD, WHU-CD; {@code Image1/} + {@code Image2/}: S2Looking; any case), by stem of
   * date A; an image of date A without a partner goes to {@code skips} as unpaired.
   */
  public static List<Pair> pairs(Path dir, SkipLog<String> skips) {
    Map<String, Path> byName = new HashMap<>();
    for (Path d : Pixels.folders(dir)) {
      byName.put(d.getFileName().toString().toLowerCase(Locale.ROOT), d);
    }
    for (String[] layout : new String[][] {{"a", "b"}, {"image1", "image2"}}) {
      Path a = byName.get(layout[0]);
      Path b = byName.get(layout[1]);
      if (a == null || b == null) {
        continue;
      }
      Map<String, Path> bs = new HashMap<>();
      for (Path p : Pixels.files(b)) {
        if (Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(p))) {
          bs.putIfAbsent(Pixels.stem(p), p);
        }
      }
      List<Pair> out = new ArrayList<>();
      for (Path p : Pixels.files(a)) {
        if (!Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(p))) {
          continue;
        }
        Path partner = bs.get(Pixels.stem(p));
        if (partner == null) {
          skips.skip(String.valueOf(p), BadFile.UNPAIRED,
              "no image of the second date named like it in " + b);
        } else {
          out.add(new Pair(p, partner));
        }
      }
      return out;
    }
    throw VitpException.userError("Expected image pairs in A/ + B/ (LEVIR-CD, WHU-CD) or "
        + "Image1/ + Image2/ (S2Looking) under --images. Received: " + dir + " with "
        + Pixels.folders(dir).stream().map(p -> p.getFileName().toString()).toList());
  }

  /** Decodes as the readers do; an unusable file is a {@link BadFile} with its reason. */
  public static DecodedImage decode(Path file, long maxPixels) {
    return Pixels.decode(file, maxPixels);
  }

  /** The file name without its extension. */
  public static String stem(Path file) {
    return Pixels.stem(file);
  }

  /** Whether the dataset format of that name has oriented boxes (DOTA, DIOR-R). */
  public static boolean orientedFormat(@Nullable String format) {
    return format != null && Datasets.all().stream()
        .anyMatch(f -> f.name().equals(format) && f.oriented());
  }

  /**
   * The colour of each class id as packed {@code 0xRRGGBB}: the palette of the data's {@code
   * classes.json} where it gives one (the colours its RGB masks use), UAVid's colour table for
   * the {@code uavid} format, else the PASCAL VOC colour map (class 0 black, 1 (128, 0, 0),
   * 2 (0, 128, 0), 3 (128, 128, 0), …; the bit-interleaved map of VOC, Cityscapes-free
   * mmsegmentation configs and torchvision's segmentation examples).
   */
  public static int[] palette(@Nullable Path dataRoot, @Nullable String format, int classes) {
    int[] out = new int[classes];
    for (int i = 0; i < classes; i++) {
      out[i] = vocColour(i);
    }
    Map<Integer, Integer> table = null;
    if (dataRoot != null && Files.isDirectory(dataRoot)) {
      try {
        ClassFile file = ClassFile.read(dataRoot);
        table = file == null ? null : file.palette();
      } catch (VitpException e) {
        table = null; // a model whose data folder changed still predicts; default colours
      }
    }
    if (table == null && "uavid".equals(format)) {
      table = MaskCoding.table(MaskCoding.UAVID_COLOURS);
    }
    if (table != null) {
      for (Map.Entry<Integer, Integer> e : table.entrySet()) {
        if (e.getValue() >= 0 && e.getValue() < classes) {
          out[e.getValue()] = e.getKey();
        }
      }
    }
    return out;
  }

  /** Entry {@code i} of the PASCAL VOC colour map. */
  static int vocColour(int i) {
    int r = 0;
    int g = 0;
    int b = 0;
    int c = i;
    for (int j = 0; j < 8; j++) {
      r |= ((c) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    return (r << 16) | (g << 8) | b;
  }
}
