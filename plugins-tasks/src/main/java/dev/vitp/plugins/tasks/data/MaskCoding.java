package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.image.LabelImage;
import dev.vitp.spi.task.TaskSample;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How stored mask values become class ids (255 = ignore).
 *
 * <ul>
 *   <li>{@link Kind#IDS}: values are class ids (iSAID, palette PNGs: the palette index is the id);
 *   <li>{@link Kind#REDUCE_ZERO_LABEL}: mmsegmentation's {@code reduce_zero_label} (LoveDA): 0
 *       becomes ignore, every other value moves down by one;
 *   <li>{@link Kind#BINARY}: any non-zero value is class 1 (0/255 masks of change detection and
 *       medical X-ray sets);
 * </ul>
 * and independently of the kind, RGB masks go through a colour table (UAVid style); a colour
 * outside the table is ignored.
 */
record MaskCoding(Kind kind, @Nullable Map<Integer, Integer> colours) {
  enum Kind { IDS, REDUCE_ZERO_LABEL, BINARY }

  /** UAVid's colour → class table (clutter, building, road, tree, low vegetation, moving car, static car, human). */
  static final List<int[]> UAVID_COLOURS = List.of(new int[] {0, 0, 0}, new int[] {128, 0, 0},
      new int[] {128, 64, 128}, new int[] {0, 128, 0}, new int[] {128, 128, 0},
      new int[] {64, 0, 128}, new int[] {192, 0, 192}, new int[] {64, 64, 0});

  static MaskCoding ids() {
    return new MaskCoding(Kind.IDS, null);
  }

  static Map<Integer, Integer> table(List<int[]> rgb) {
    Map<Integer, Integer> m = new HashMap<>();
    for (int i = 0; i < rgb.size(); i++) {
      int[] c = rgb.get(i);
      m.put((c[0] << 16) | (c[1] << 8) | c[2], i);
    }
    return m;
  }

  MaskCoding withColours(@Nullable Map<Integer, Integer> table) {
    return new MaskCoding(kind, table);
  }

  /** The class ids of a decoded mask. */
  int[] apply(LabelImage raw, Path file) {
    int[] v = raw.values();
    int[] out = new int[v.length];
    if (raw.rgb()) {
      boolean gray = true;
      for (int p : v) {
        if (((p >> 16) & 0xff) != (p & 0xff) || ((p >> 8) & 0xff) != (p & 0xff)) {
          gray = false;
          break;
        }
      }
      if (gray) {
        for (int i = 0; i < v.length; i++) {
          out[i] = code(v[i] & 0xff);
        }
        return out;
      }
      if (kind == Kind.BINARY) {
        for (int i = 0; i < v.length; i++) {
          out[i] = v[i] != 0 ? 1 : 0;
        }
        return out;
      }
      Map<Integer, Integer> table = colours != null ? colours : table(UAVID_COLOURS);
      int unknown = 0;
      for (int i = 0; i < v.length; i++) {
        Integer c = table.get(v[i]);
        if (c == null) {
          unknown++;
        }
        out[i] = c == null ? TaskSample.IGNORE : c;
      }
      if (unknown == v.length) {
        throw new BadFile(file, BadFile.BAD_ANNOTATION, "an RGB mask whose colours are all outside "
            + "the colour table (give a palette in classes.json)");
      }
      return out;
    }
    for (int i = 0; i < v.length; i++) {
      out[i] = code(v[i]);
    }
    return out;
  }

  private int code(int value) {
    return switch (kind) {
      case IDS -> value;
      case REDUCE_ZERO_LABEL -> value == 0 || value == TaskSample.IGNORE ? TaskSample.IGNORE
          : value - 1;
      case BINARY -> value != 0 ? 1 : 0;
    };
  }
}
