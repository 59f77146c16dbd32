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
 * line {@code x1 y1 x2 y2 x3 y3 x4 y4 class difficulty}. Written here; read by the downstream
 * readers of the tasks plugin, like any DOTA download.
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
}
