package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.TaskKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * DOTA v1/v2 (and RSAR, which uses the same files): {@code split/images/P0001.png} with {@code
 * split/labelTxt/P0001.txt}; optional {@code imagesource:} and {@code gsd:} header lines, then one
 * object per line {@code x1 y1 x2 y2 x3 y3 x4 y4 class difficult}. Boxes are oriented.
 */
final class DotaText implements DatasetFormat {
  static final List<String> DOTA_V1 = List.of("plane", "ship", "storage-tank",
      "baseball-diamond", "tennis-court", "basketball-court", "ground-track-field", "harbor",
      "bridge", "large-vehicle", "small-vehicle", "helicopter", "roundabout", "soccer-ball-field",
      "swimming-pool");
  static final List<String> DOTA_V2;

  static {
    List<String> v2 = new ArrayList<>(DOTA_V1);
    v2.addAll(List.of("container-crane", "airport", "helipad"));
    DOTA_V2 = List.copyOf(v2);
  }

  private final String name;
  private final @Nullable List<String> classes;

  DotaText(String name, @Nullable List<String> classes) {
    this.name = name;
    this.classes = classes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TaskKind kind() {
    return TaskKind.DETECTION;
  }

  @Override
  public String description() {
    return "split/images + split/labelTxt/*.txt, 'x1 y1 … x4 y4 class difficult' (DOTA"
        + (classes == null ? ", RSAR" : classes.size() == 15 ? " v1.0, 15 classes"
            : " v2.0, 18 classes") + ")";
  }

  @Override
  public boolean autoDetect(Path split) {
    return classes == null && detect(split);
  }

  @Override
  public @Nullable List<String> classes() {
    return classes;
  }

  @Override
  public boolean oriented() {
    return true;
  }

  static @Nullable Path labels(Path split) {
    for (Path d : Pixels.folders(split)) {
      if (d.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("labeltxt")) {
        return d;
      }
    }
    return null;
  }

  @Override
  public boolean detect(Path split) {
    Path labels = labels(split);
    return labels != null && Pixels.files(labels).stream()
        .anyMatch(f -> f.getFileName().toString().endsWith(".txt"));
  }

  @Override
  public List<Item> scan(Path split, SkipLog<String> skips) {
    Path labels = labels(split);
    if (labels == null) {
      return List.of();
    }
    Path images = split.resolve("images");
    List<Item> items = new ArrayList<>();
    for (Path txt : Pixels.files(labels)) {
      if (!txt.getFileName().toString().endsWith(".txt")) {
        continue;
      }
      try {
        items.add(new BoxEntry(BoxEntry.image(images, Pixels.stem(txt), txt), txt, read(txt)));
      } catch (BadFile e) {
        e.skipIn(skips);
      }
    }
    return items;
  }

  /** The objects of one DOTA label file. */
  static List<BoxEntry.NamedBox> read(Path txt) {
    List<String> lines;
    try {
      lines = Files.readAllLines(txt, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadFile(txt, BadFile.BAD_ANNOTATION,
          "unreadable: " + e.getMessage());
    }
    List<BoxEntry.NamedBox> out = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String l = lines.get(n).strip();
      String lower = l.toLowerCase(Locale.ROOT);
      if (l.isEmpty() || lower.startsWith("imagesource:") || lower.startsWith("gsd:")) {
        continue;
      }
      String[] p = l.split("\\s+");
      if (p.length < 9 || p.length > 10) {
        throw new BadFile(txt, BadFile.BAD_ANNOTATION, "line " + (n + 1)
            + ": expected 'x1 y1 x2 y2 x3 y3 x4 y4 class difficult', got '" + l + "'");
      }
      float[] corners = new float[8];
      for (int i = 0; i < 8; i++) {
        corners[i] = BoxEntry.parse(txt, n + 1, p[i]);
      }
      boolean difficult = false;
      if (p.length == 10) {
        if (!p[9].equals("0") && !p[9].equals("1")) {
          throw new BadFile(txt, BadFile.BAD_ANNOTATION, "line " + (n + 1)
              + ": difficult must be 0 or 1, got '" + p[9] + "'");
        }
        difficult = p[9].equals("1");
      }
      out.add(new BoxEntry.NamedBox(p[8], corners, true, difficult));
    }
    return out;
  }
}
