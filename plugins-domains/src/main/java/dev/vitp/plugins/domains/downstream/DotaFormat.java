package dev.vitp.plugins.domains.downstream;

import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DOTA label files: optional {@code imagesource:}/{@code gsd:} header lines, then one object per
 * line {@code x1 y1 x2 y2 x3 y3 x4 y4 class difficulty}. The horizontal box of a read object is the
 * bounding box of its four corners.
 */
public final class DotaFormat {
  private DotaFormat() {}

  public static String line(Detection d) {
    StringBuilder sb = new StringBuilder();
    for (double v : d.obb()) {
      sb.append(fmt(v)).append(' ');
    }
    return sb.append(d.category().replace(' ', '-')).append(' ').append(d.difficulty()).toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  public static void write(Path file, List<Detection> objects) {
    List<String> lines = new ArrayList<>(objects.size() + 2);
    lines.add("imagesource:vitp-synthetic");
    lines.add("gsd:null");
    objects.forEach(d -> lines.add(line(d)));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable label path. Received: file=" + file, e);
    }
  }

  /** Reads a DOTA label file; header lines are skipped, malformed lines are USER_ERRORs. */
  public static List<Detection> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable DOTA label file. Received: file=" + file, e);
    }
    List<Detection> out = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String l = lines.get(n).strip();
      if (l.isEmpty() || l.startsWith("imagesource:") || l.startsWith("gsd:")) {
        continue;
      }
      String[] p = l.split("\\s+");
      if (p.length < 9) {
        throw VitpException.userError("Expected 'x1 y1 x2 y2 x3 y3 x4 y4 class [difficulty]' in "
            + file + ":" + (n + 1) + ". Received: " + l);
      }
      double[] obb = new double[8];
      try {
        for (int i = 0; i < 8; i++) {
          obb[i] = Double.parseDouble(p[i]);
        }
      } catch (NumberFormatException e) {
        throw VitpException.userError("Expected numeric corners in " + file + ":" + (n + 1)
            + ". Received: " + l);
      }
      int difficulty = p.length > 9 ? Integer.parseInt(p[9]) : 0;
      double x1 = Math.min(Math.min(obb[0], obb[2]), Math.min(obb[4], obb[6]));
      double x2 = Math.max(Math.max(obb[0], obb[2]), Math.max(obb[4], obb[6]));
      double y1 = Math.min(Math.min(obb[1], obb[3]), Math.min(obb[5], obb[7]));
      double y2 = Math.max(Math.max(obb[1], obb[3]), Math.max(obb[5], obb[7]));
      out.add(new Detection(p[8].replace('-', ' '), x1, y1, x2, y2, obb, difficulty, 0));
    }
    return out;
  }
}
