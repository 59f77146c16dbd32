package dev.vitp.plugins.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitp.plugins.tasks.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips and invariants of the annotation parsers and the polygon rasteriser. */
class ParserProperties {
  @Property(tries = 60)
  void dotaLinesRoundTrip(@ForAll @Size(min = 0, max = 6) List<@FloatRange(min = 0, max = 2000)
      Float> xs, @ForAll @IntRange(min = 0, max = 1) int difficult, @ForAll boolean header) {
    Path dir = Fixtures.tempDir("dota-prop");
    try {
      StringBuilder sb = new StringBuilder(header ? "imagesource:GoogleEarth\ngsd:null\n" : "");
      for (float x : xs) {
        sb.append(String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f ship %d%n",
            x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7, difficult));
      }
      Path file = dir.resolve("P1.txt");
      Fixtures.text(file, sb.toString());
      List<BoxEntry.NamedBox> boxes = DotaText.read(file);
      assertEquals(xs.size(), boxes.size());
      for (int i = 0; i < xs.size(); i++) {
        float x = Float.parseFloat(String.format(Locale.ROOT, "%.1f", xs.get(i)));
        assertEquals(x, boxes.get(i).corners()[0], 1e-3f);
        assertEquals(difficult == 1, boxes.get(i).difficult());
        assertEquals("ship", boxes.get(i).name());
      }
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  @Property(tries = 40)
  void dotaLinesWithTooFewFieldsAreBadAnnotations(@ForAll @IntRange(min = 1, max = 8) int fields) {
    Path dir = Fixtures.tempDir("dota-bad");
    try {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < fields; i++) {
        sb.append(i).append(' ');
      }
      Path file = dir.resolve("P2.txt");
      Fixtures.text(file, sb.toString().strip() + "\n");
      BadFile e = assertThrows(BadFile.class, () -> DotaText.read(file));
      assertEquals(BadFile.BAD_ANNOTATION, e.reason());
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  @Property(tries = 200)
  void rasterisedAxisAlignedRectanglesCoverWholePixels(@ForAll @IntRange(min = 0, max = 20) int x,
      @ForAll @IntRange(min = 0, max = 20) int y, @ForAll @IntRange(min = 1, max = 12) int w,
      @ForAll @IntRange(min = 1, max = 12) int h) {
    int size = 32;
    int[] ids = new int[size * size];
    CocoJson.fill(ids, size, size, new double[] {x, y, x + w, y, x + w, y + h, x, y + h}, 3);
    int count = 0;
    for (int v : ids) {
      count += v == 3 ? 1 : 0;
    }
    int expectedW = Math.min(size, x + w) - x;
    int expectedH = Math.min(size, y + h) - y;
    assertEquals(expectedW * expectedH, count);
  }
}
