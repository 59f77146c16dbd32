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
import org.jspecify.annotations.Nullable;

/**
 * Bi-temporal change detection: {@code split/A, split/B, split/label} (LEVIR-CD, WHU-CD) or {@code
 * split/Image1, split/Image2, split/label} (S2Looking), files paired by stem; labels are 0/255 (any
 * non-zero value is change).
 */
final class ChangeFolders implements DatasetFormat {
  static final List<String> CLASSES = List.of("unchanged", "changed");

  private final String name;
  private final String description;
  private final List<String[]> layouts;
  private final boolean auto;

  /** {@code layouts}: lower-case folder names {date A, date B, label[, label alternative]}. */
  ChangeFolders(String name, String description, List<String[]> layouts, boolean auto) {
    this.name = name;
    this.description = description;
    this.layouts = List.copyOf(layouts);
    this.auto = auto;
  }

  @Override
  public boolean autoDetect(Path split) {
    return auto && detect(split);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TaskKind kind() {
    return TaskKind.CHANGE_DETECTION;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<String> classes() {
    return CLASSES;
  }

  private @Nullable Path[] folders(Path split) {
    Map<String, Path> byName = new HashMap<>();
    for (Path d : Pixels.folders(split)) {
      byName.put(d.getFileName().toString().toLowerCase(Locale.ROOT), d);
    }
    for (String[] layout : layouts) {
      Path a = byName.get(layout[0]);
      Path b = byName.get(layout[1]);
      Path label = byName.get(layout[2]);
      if (label == null && layout.length > 3) {
        label = byName.get(layout[3]);
      }
      if (a != null && b != null && label != null) {
        return new Path[] {a, b, label};
      }
    }
    return null;
  }

  @Override
  public boolean detect(Path split) {
    return folders(split) != null;
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    Path[] f = folders(split);
    if (f == null) {
      return List.of();
    }
    Map<String, Path> bs = byStem(f[1]);
    Map<String, Path> labels = byStem(f[2]);
    List<Item> items = new ArrayList<>();
    for (Path a : Pixels.files(f[0])) {
      if (!Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(a))) {
        continue;
      }
      String stem = Pixels.stem(a);
      Path b = bs.get(stem);
      Path label = MaskFolders.match(stem, labels);
      if (b == null) {
        skips.skip(String.valueOf(a), BadFile.UNPAIRED,
            "no image of the second date named like it in " + f[1]);
      } else if (label == null) {
        skips.skip(String.valueOf(a), BadFile.UNPAIRED, "no change label named like it in " + f[2]);
      } else {
        items.add(new Entry(a, b, label));
      }
    }
    return items;
  }

  private static Map<String, Path> byStem(Path dir) {
    Map<String, Path> out = new HashMap<>();
    for (Path p : Pixels.files(dir)) {
      if (Pixels.IMAGE_EXTENSIONS.contains(Pixels.extension(p))) {
        out.putIfAbsent(Pixels.stem(p), p);
      }
    }
    return out;
  }

  private record Entry(Path file, Path second, Path label) implements Item {
    @Override
    public List<String> classNames() {
      return List.of();
    }

    @Override
    public List<TaskSample> load(Context c) {
      DecodedImage a = Pixels.decode(file, c.maxPixels());
      DecodedImage b = Pixels.decode(second, c.maxPixels());
      if (a.width() != b.width() || a.height() != b.height()) {
        throw new BadFile(second, BadFile.SIZE_MISMATCH, "date B is " + b.width() + "x"
            + b.height() + ", date A " + a.width() + "x" + a.height());
      }
      LabelImage raw = Pixels.decodeLabels(label, c.maxPixels());
      Pixels.requireSameSize(label, raw.width(), raw.height(), a);
      int[] ids = new MaskCoding(MaskCoding.Kind.BINARY, null).apply(raw, label);
      var norm = c.options().normalization();
      int size = c.size();
      LabelImage full = c.keepFull() ? new LabelImage(a.width(), a.height(), false, ids) : null;
      return List.of(new TaskSample(c.id(), size,
          List.of(Pixels.normalised(a, size, norm), Pixels.normalised(b, size, norm)), -1,
          Pixels.nearest(ids, a.width(), a.height(), size), List.of(), a.width(), a.height(),
          full));
    }
  }
}
