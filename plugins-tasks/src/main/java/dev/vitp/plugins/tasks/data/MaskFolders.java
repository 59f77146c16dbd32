package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.image.DecodedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Semantic segmentation as image folders beside mask folders, anywhere under the split: {@code
 * images/ + masks/}, LoveDA's {@code Urban/images_png + Urban/masks_png}, UAVid's {@code
 * seq1/Images + seq1/Labels}, CovidQU-Ex's {@code images + infection masks}. A mask pairs with the
 * image of the same stem, or of its stem cut at an underscore ({@code P0001_instance_color_RGB}).
 */
final class MaskFolders implements DatasetFormat {
  static final Set<String> IMAGE_DIRS = Set.of("images", "image", "imgs", "img", "img_dir",
      "images_png", "jpegimages", "rgb");
  static final Set<String> MASK_DIRS = Set.of("masks", "mask", "labels", "label", "ann",
      "ann_dir", "annotations", "gt", "masks_png", "segmentationclass", "segmentationclasspng",
      "infection masks", "lung masks");

  private final String name;
  private final String description;
  private final MaskCoding coding;
  private final @Nullable List<String> classes;
  private final @Nullable String preferredMaskDir;
  private final @Nullable Set<String> signature;

  /**
   * @param preferredMaskDir the mask folder to take when several exist (CovidQU-Ex has both
   *     {@code infection masks} and {@code lung masks})
   * @param signature mask folder names that make auto-detection pick this variant; null: any
   *     pairing (the generic format); empty: never (selected by name only)
   */
  MaskFolders(String name, String description, MaskCoding coding, @Nullable List<String> classes,
      @Nullable String preferredMaskDir, @Nullable Set<String> signature) {
    this.name = name;
    this.description = description;
    this.coding = coding;
    this.classes = classes == null ? null : List.copyOf(classes);
    this.preferredMaskDir = preferredMaskDir;
    this.signature = signature;
  }

  /** The same layout with another value coding (from {@code classes.json}). */
  MaskFolders withCoding(MaskCoding newCoding) {
    return new MaskFolders(name, description, newCoding, classes, preferredMaskDir, signature);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TaskKind kind() {
    return TaskKind.SEGMENTATION;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public @Nullable List<String> classes() {
    return classes;
  }

  MaskCoding coding() {
    return coding;
  }

  @Override
  public boolean detect(Path split) {
    return !pairs(split).isEmpty();
  }

  @Override
  public boolean autoDetect(Path split) {
    if (signature == null) {
      return detect(split);
    }
    for (Path[] pair : pairs(split)) {
      if (signature.contains(pair[1].getFileName().toString().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** (image folder, mask folder) pairs under {@code root}, depth-first in name order. */
  List<Path[]> pairs(Path root) {
    List<Path[]> out = new ArrayList<>();
    collect(root, out, 0);
    return out;
  }

  private void collect(Path dir, List<Path[]> out, int depth) {
    List<Path> subs = Pixels.folders(dir);
    Path images = null;
    Path masks = null;
    for (Path s : subs) {
      String n = s.getFileName().toString().toLowerCase(Locale.ROOT);
      if (IMAGE_DIRS.contains(n) && images == null) {
        images = s;
      }
      if (MASK_DIRS.contains(n) && (masks == null || n.equals(preferredMaskDir))) {
        masks = s;
      }
    }
    if (images != null && masks != null) {
      out.add(new Path[] {images, masks});
      return;
    }
    if (depth < 3) {
      for (Path s : subs) {
        collect(s, out, depth + 1);
      }
    }
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    List<Item> items = new ArrayList<>();
    for (Path[] pair : pairs(split)) {
      Map<String, Path> masks = new HashMap<>();
      for (Path m : Pixels.files(pair[1])) {
        if (Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(m))) {
          masks.putIfAbsent(Pixels.stem(m), m);
        }
      }
      for (Path img : Pixels.files(pair[0])) {
        if (!Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(img))) {
          continue;
        }
        Path mask = match(Pixels.stem(img), masks);
        if (mask == null) {
          skips.skip(String.valueOf(img), BadFile.UNPAIRED, "no mask named like it in " + pair[1]);
        } else {
          items.add(new Entry(img, mask, coding));
        }
      }
    }
    return items;
  }

  /** The mask of an image stem: same stem, or a stem that continues it after '_' or '-'. */
  static @Nullable Path match(String stem, Map<String, Path> masks) {
    Path exact = masks.get(stem);
    if (exact != null) {
      return exact;
    }
    Path best = null;
    String bestStem = null;
    for (Map.Entry<String, Path> e : masks.entrySet()) {
      String s = e.getKey();
      if (s.length() > stem.length() && s.startsWith(stem)
          && (s.charAt(stem.length()) == '_' || s.charAt(stem.length()) == '-')
          && (bestStem == null || s.compareTo(bestStem) < 0)) {
        best = e.getValue();
        bestStem = s;
      }
    }
    return best;
  }

  record Entry(Path file, Path mask, MaskCoding coding) implements Item {
    @Override
    public List<String> classNames() {
      return List.of();
    }

    @Override
    public List<TaskSample> load(Context c) {
      DecodedImage img = Pixels.decode(file, c.maxPixels());
      LabelImage raw = Pixels.decodeLabels(mask, c.maxPixels());
      Pixels.requireSameSize(mask, raw.width(), raw.height(), img);
      int[] ids = coding.apply(raw, mask);
      return List.of(segmentationSample(c, img, ids));
    }

    static TaskSample segmentationSample(Context c, DecodedImage img, int[] ids) {
      float[] planes = Pixels.normalised(img, c.size(), c.options().normalization());
      int[] small = Pixels.nearest(ids, img.width(), img.height(), c.size());
      LabelImage full = c.keepFull() ? new LabelImage(img.width(), img.height(), false, ids) : null;
      return new TaskSample(c.id(), c.size(), List.of(planes), -1, small, List.of(), img.width(),
          img.height(), full);
    }
  }
}
