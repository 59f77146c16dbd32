package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** An image with named boxes, as every detection format lists it; loading maps names to ids. */
record BoxEntry(Path file, Path annotation, List<NamedBox> boxes) implements Item {
  /**
   * A box as annotated: {@code corners} are 8 numbers (4 corners) when {@code oriented}, else the
   * horizontal {@code x1, y1, x2, y2}.
   */
  record NamedBox(String name, float[] corners, boolean oriented, boolean difficult) {
    NamedBox {
      corners = corners.clone();
    }

    TaskBox toBox(int cls) {
      return oriented ? TaskBox.oriented(cls, corners, difficult)
          : new TaskBox(cls, corners[0], corners[1], corners[2], corners[3], 1f, null, difficult);
    }
  }

  BoxEntry {
    boxes = List.copyOf(boxes);
  }

  @Override
  public List<String> classNames() {
    return List.copyOf(new LinkedHashSet<>(boxes.stream().map(NamedBox::name).toList()));
  }

  @Override
  public List<TaskSample> load(Context c) {
    DecodedImage img = Pixels.decode(file, c.maxPixels());
    for (int k = 0; k < boxes.size(); k++) {
      requireNearTheImage(k, boxes.get(k), img.width(), img.height());
    }
    int size = c.size();
    float sx = (float) size / img.width();
    float sy = (float) size / img.height();
    List<TaskBox> scaled = new ArrayList<>(boxes.size());
    for (NamedBox b : boxes) {
      TaskBox box;
      try {
        box = b.toBox(c.classId(annotation, b.name()));
      } catch (BadFile e) {
        throw e;
      } catch (VitpException e) {
        throw new BadFile(annotation, BadFile.BAD_ANNOTATION, String.valueOf(e.getMessage()));
      }
      scaled.add(box.scaled(sx, sy));
    }
    float[] planes = Pixels.normalised(img, size, c.options().normalization());
    return List.of(new TaskSample(c.id(), size, List.of(planes), -1, null, scaled, img.width(),
        img.height(), null));
  }

  /**
   * Every coordinate finite and at most one image size outside the image, {@code [-w, 2w] ×
   * [-h, 2h]}: objects cut by a tile's edge (DOTA's) keep corners a little outside, while a
   * coordinate such as 1e30 (or a COCO {@code x + w} that overflows) is a broken file, which
   * the bad-file policy skips or stops at, naming it.
   */
  private void requireNearTheImage(int index, NamedBox box, int width, int height) {
    float[] c = box.corners();
    for (int i = 0; i < c.length; i++) {
      boolean x = i % 2 == 0;
      int extent = x ? width : height;
      if (!(c[i] >= -extent && c[i] <= 2f * extent)) {
        throw new BadFile(annotation, BadFile.BAD_ANNOTATION, "object " + (index + 1) + " ("
            + box.name() + "): " + (x ? "x" : "y") + "=" + c[i] + " is not within ["
            + -extent + ", " + 2 * extent + "] of the " + width + "x" + height + " image "
            + file.getFileName());
      }
    }
  }

  static float parse(Path file, int line, String token) {
    try {
      float v = Float.parseFloat(token);
      if (!Float.isFinite(v)) {
        throw new NumberFormatException("not finite");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadFile(file, BadFile.BAD_ANNOTATION,
          (line > 0 ? "line " + line + ": " : "") + "'" + token + "' is not a number");
    }
  }

  /** The image beside an annotation: {@code dir/stem.<any image extension>}. */
  static Path image(Path dir, String stem, Path annotation) {
    for (String ext : List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp", "PNG", "JPG", "JPEG",
        "TIF", "TIFF", "BMP")) {
      Path p = dir.resolve(stem + "." + ext);
      if (java.nio.file.Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new BadFile(annotation, BadFile.MISSING, "no image " + stem + ".* in " + dir);
  }
}
