package dev.vitp.plugins.tasks.testing;

import dev.vitp.toolkit.image.Nifti;
import dev.vitp.toolkit.image.NiftiDataType;
import dev.vitp.toolkit.image.NiftiHeader;
import dev.vitp.toolkit.image.NiftiVolume;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Small downstream datasets in their real on-disk formats, generated in the test: simple scenes
 * (coloured objects on a noisy background) that a random-init backbone can learn from.
 */
public final class Fixtures {
  /** Object colours by class: red, blue, yellow. */
  public static final int[][] COLOURS = {{220, 40, 40}, {40, 70, 230}, {235, 220, 40}};

  private Fixtures() {}

  /** An object: class, centre, size and angle (radians). */
  public record Obj(int cls, double cx, double cy, double w, double h, double angle) {
    public float[] corners() {
      double c = Math.cos(angle);
      double s = Math.sin(angle);
      double[][] d = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
      float[] out = new float[8];
      for (int i = 0; i < 4; i++) {
        out[2 * i] = (float) (cx + d[i][0] * c - d[i][1] * s);
        out[2 * i + 1] = (float) (cy + d[i][0] * s + d[i][1] * c);
      }
      return out;
    }

    boolean contains(double x, double y) {
      double c = Math.cos(angle);
      double s = Math.sin(angle);
      double dx = x - cx;
      double dy = y - cy;
      double u = dx * c + dy * s;
      double v = -dx * s + dy * c;
      return Math.abs(u) <= w / 2 && Math.abs(v) <= h / 2;
    }

    public float[] hbb() {
      float[] c = corners();
      float x1 = Math.min(Math.min(c[0], c[2]), Math.min(c[4], c[6]));
      float x2 = Math.max(Math.max(c[0], c[2]), Math.max(c[4], c[6]));
      float y1 = Math.min(Math.min(c[1], c[3]), Math.min(c[5], c[7]));
      float y2 = Math.max(Math.max(c[1], c[3]), Math.max(c[5], c[7]));
      return new float[] {x1, y1, x2, y2};
    }
  }

  /** Up to {@code max} non-overlapping random objects of {@code classes} classes. */
  public static List<Obj> objects(SplittableRandom r, int size, int classes, int max,
      double minSize, double maxSize, boolean rotated) {
    List<Obj> out = new ArrayList<>();
    for (int tries = 0; tries < 50 && out.size() < max; tries++) {
      double w = minSize + r.nextDouble() * (maxSize - minSize);
      double h = minSize + r.nextDouble() * (maxSize - minSize);
      double margin = Math.max(w, h) / 2 + 1;
      if (2 * margin >= size) {
        continue;
      }
      double cx = margin + r.nextDouble() * (size - 2 * margin);
      double cy = margin + r.nextDouble() * (size - 2 * margin);
      Obj o = new Obj(r.nextInt(classes), cx, cy, w, h, rotated ? r.nextDouble() * Math.PI : 0);
      boolean free = true;
      for (Obj p : out) {
        free &= Math.hypot(p.cx() - cx, p.cy() - cy) > (Math.max(p.w(), p.h()) + Math.max(w, h))
            / 2 + 2;
      }
      if (free) {
        out.add(o);
      }
    }
    return out;
  }

  /** A noisy background with the objects painted in their class colours. */
  public static BufferedImage scene(int w, int h, List<Obj> objs, SplittableRandom r) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int base = 90 + r.nextInt(40);
        int[] c = {base, base + 10, base - 10};
        for (Obj o : objs) {
          if (o.contains(x + 0.5, y + 0.5)) {
            int[] k = COLOURS[o.cls()];
            c = new int[] {k[0] + r.nextInt(21) - 10, k[1] + r.nextInt(21) - 10,
                k[2] + r.nextInt(21) - 10};
          }
        }
        img.setRGB(x, y, rgb(c));
      }
    }
    return img;
  }

  /** Class ids of a scene: 0 background, {@code cls + 1} inside an object. */
  public static int[] mask(int w, int h, List<Obj> objs) {
    int[] ids = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (Obj o : objs) {
          if (o.contains(x + 0.5, y + 0.5)) {
            ids[y * w + x] = o.cls() + 1;
          }
        }
      }
    }
    return ids;
  }

  static int rgb(int[] c) {
    return (clamp(c[0]) << 16) | (clamp(c[1]) << 8) | clamp(c[2]);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  public static void png(Path file, BufferedImage img) {
    write(file, img, "png");
  }

  public static void write(Path file, BufferedImage img, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(img, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An 8-bit gray PNG of class ids. */
  public static void grayMask(Path file, int w, int h, int[] ids) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, w, h, 0, ids);
    png(file, img);
  }

  /** A palette PNG whose indices are the class ids (palette colours arbitrary). */
  public static void paletteMask(Path file, int w, int h, int[] ids) {
    byte[] red = new byte[256];
    byte[] green = new byte[256];
    byte[] blue = new byte[256];
    for (int i = 0; i < 256; i++) {
      red[i] = (byte) (i * 37);
      green[i] = (byte) (i * 91);
      blue[i] = (byte) (i * 53);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 256, red, green, blue));
    img.getRaster().setSamples(0, 0, w, h, 0, ids);
    png(file, img);
  }

  /** An RGB PNG painting class {@code i} in {@code colours[i]}. */
  public static void colourMask(Path file, int w, int h, int[] ids, List<int[]> colours) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < ids.length; i++) {
      img.setRGB(i % w, i / w, rgb(colours.get(ids[i])));
    }
    png(file, img);
  }

  public static void text(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void bytes(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  // ---- whole datasets ----

  /** Scene classification: the class is the colour of the image's objects. */
  public static void classFolders(Path root, int perClass, int size, long seed) {
    String[] names = {"airport", "harbor", "desert"};
    SplittableRandom r = new SplittableRandom(seed);
    for (String split : List.of("train", "val")) {
      for (int c = 0; c < names.length; c++) {
        for (int i = 0; i < perClass; i++) {
          List<Obj> objs = new ArrayList<>();
          for (Obj o : objects(r, size, 1, 3, size / 6.0, size / 3.0, false)) {
            objs.add(new Obj(c, o.cx(), o.cy(), o.w(), o.h(), 0));
          }
          png(root.resolve(split).resolve(names[c]).resolve(names[c] + "_" + i + ".png"),
              scene(size, size, objs, r));
        }
      }
    }
  }

  /** Semantic segmentation: images/ + masks/ (gray class ids, 0 background). */
  public static void maskFolders(Path root, int perSplit, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (String split : List.of("train", "val")) {
      for (int i = 0; i < perSplit; i++) {
        List<Obj> objs = objects(r, size, 2, 4, size / 6.0, size / 2.5, true);
        String name = String.format(Locale.ROOT, "tile_%03d", i);
        png(root.resolve(split).resolve("images").resolve(name + ".png"),
            scene(size, size, objs, r));
        grayMask(root.resolve(split).resolve("masks").resolve(name + ".png"), size, size,
            mask(size, size, objs));
      }
    }
    text(root.resolve("classes.txt"), "background\nbuilding\nwater\n");
  }

  /** Change detection: A/ and B/ differ by new objects in B; label/ is 0/255. */
  public static void changeFolders(Path root, int perSplit, int size, long seed,
      String dirA, String dirB) {
    SplittableRandom r = new SplittableRandom(seed);
    for (String split : List.of("train", "val")) {
      for (int i = 0; i < perSplit; i++) {
        List<Obj> before = objects(r, size, 2, 2, size / 6.0, size / 3.0, false);
        List<Obj> added = new ArrayList<>();
        for (Obj o : objects(r, size, 1, 2, size / 6.0, size / 3.0, false)) {
          added.add(new Obj(2, o.cx(), o.cy(), o.w(), o.h(), 0));
        }
        List<Obj> after = new ArrayList<>(before);
        after.addAll(added);
        String name = "pair_" + i + ".png";
        long s = r.nextLong();
        png(root.resolve(split).resolve(dirA).resolve(name), scene(size, size, before,
            new SplittableRandom(s)));
        png(root.resolve(split).resolve(dirB).resolve(name), scene(size, size, after,
            new SplittableRandom(s + 1)));
        int[] ids = mask(size, size, added);
        for (int k = 0; k < ids.length; k++) {
          ids[k] = ids[k] > 0 ? 255 : 0;
        }
        grayMask(root.resolve(split).resolve("label").resolve(name), size, size, ids);
      }
    }
  }

  /** DOTA: images/ + labelTxt/ with header lines and oriented objects. */
  public static void dota(Path root, int perSplit, int size, long seed, boolean rotated) {
    String[] names = {"plane", "ship"};
    SplittableRandom r = new SplittableRandom(seed);
    for (String split : List.of("train", "val")) {
      for (int i = 0; i < perSplit; i++) {
        List<Obj> objs = objects(r, size, 2, 3, size / 6.0, size / 3.0, rotated);
        String name = String.format(Locale.ROOT, "P%04d", i);
        png(root.resolve(split).resolve("images").resolve(name + ".png"),
            scene(size, size, objs, r));
        StringBuilder sb = new StringBuilder("imagesource:GoogleEarth\ngsd:0.146343590398\n");
        for (Obj o : objs) {
          for (float v : o.corners()) {
            sb.append(f(v)).append(' ');
          }
          sb.append(names[o.cls()]).append(' ').append(0).append('\n');
        }
        text(root.resolve(split).resolve("labelTxt").resolve(name + ".txt"), sb.toString());
      }
    }
  }

  /** COCO: images/ + annotations.json (bbox and a polygon per object). */
  public static void coco(Path root, int perSplit, int size, long seed) {
    String[] names = {"vehicle", "ship"};
    SplittableRandom r = new SplittableRandom(seed);
    for (String split : List.of("train", "val")) {
      StringBuilder images = new StringBuilder();
      StringBuilder anns = new StringBuilder();
      int annId = 1;
      for (int i = 0; i < perSplit; i++) {
        List<Obj> objs = objects(r, size, 2, 3, size / 6.0, size / 3.0, false);
        String name = "img_" + i + ".png";
        png(root.resolve(split).resolve("images").resolve(name), scene(size, size, objs, r));
        images.append(images.length() == 0 ? "" : ",").append("{\"id\":").append(i + 1)
            .append(",\"file_name\":\"").append(name).append("\",\"width\":").append(size)
            .append(",\"height\":").append(size).append('}');
        for (Obj o : objs) {
          float[] b = o.hbb();
          anns.append(anns.length() == 0 ? "" : ",").append("{\"id\":").append(annId++)
              .append(",\"image_id\":").append(i + 1).append(",\"category_id\":")
              .append(o.cls() + 1).append(",\"bbox\":[").append(f(b[0])).append(',')
              .append(f(b[1])).append(',').append(f(b[2] - b[0])).append(',')
              .append(f(b[3] - b[1])).append("],\"area\":").append(f((b[2] - b[0]) * (b[3] - b[1])))
              .append(",\"iscrowd\":0,\"segmentation\":[[").append(f(b[0])).append(',')
              .append(f(b[1])).append(',').append(f(b[2])).append(',').append(f(b[1]))
              .append(',').append(f(b[2])).append(',').append(f(b[3])).append(',')
              .append(f(b[0])).append(',').append(f(b[3])).append("]]}");
        }
      }
      text(root.resolve(split).resolve("annotations.json"), "{\"images\":[" + images
          + "],\"annotations\":[" + anns + "],\"categories\":[{\"id\":1,\"name\":\"" + names[0]
          + "\"},{\"id\":2,\"name\":\"" + names[1] + "\"}]}");
    }
  }

  /** A NIfTI volume of {@code nx × ny × nz} values. */
  public static void nifti(Path file, int nx, int ny, int nz, float[] values, NiftiDataType type) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Nifti.write(file, new NiftiVolume(NiftiHeader.of(type, nx, ny, nz, 1f, 1f, 2f), values));
  }

  public static Path tempDir(String name) {
    try {
      return Files.createTempDirectory("vitp-tasks-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
