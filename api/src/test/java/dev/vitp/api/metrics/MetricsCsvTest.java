package dev.vitp.api.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void oneHeaderEmptyCellsAndAColumnFirstSeenLater(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.csv");
    try (MetricsCsv csv = MetricsCsv.open(file, List.of("epoch", "loss"), r -> false)) {
      csv.append(row("epoch", 1, "loss", 0.5));
      csv.append(row("epoch", 2, "loss", 0.25, "val_miou", 0.125));
      csv.append(row("epoch", 3, "loss", 0.125, "note", "a, \"quoted\" cell"));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(4, lines.size());
    assertEquals("epoch,loss,val_miou,note", lines.get(0));
    assertEquals("1,0.5,,", lines.get(1));
    MetricsCsv.Table t = MetricsCsv.read(file);
    assertEquals(List.of("epoch", "loss", "val_miou", "note"), t.columns());
    assertArrayEquals(new double[] {Double.NaN, 0.125, Double.NaN}, t.numbers("val_miou"));
    assertEquals("a, \"quoted\" cell", t.rows().get(2).get("note"));
  }

  @Test
  void numbersAreWrittenPlainWhereThatStaysShort() {
    assertEquals("1796527954.795", MetricsCsv.cell(1.796527954795E9));
    assertEquals("0.001", MetricsCsv.cell(1e-3));
    assertEquals("0.25", MetricsCsv.cell(0.25f));
    assertEquals("1.0E-5", MetricsCsv.cell(1e-5));
    assertEquals("0.0", MetricsCsv.cell(0.0));
    assertEquals("NaN", MetricsCsv.cell(Double.NaN));
    assertEquals("42", MetricsCsv.cell(42L));
    assertEquals("", MetricsCsv.cell(null));
  }

  @Test
  void reopeningKeepsTheRowsAcceptedAndDropsATornLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.csv");
    try (MetricsCsv csv = MetricsCsv.open(file, List.of("step", "loss"), r -> false)) {
      for (int step = 1; step <= 4; step++) {
        csv.append(row("step", step, "loss", 1.0 / step));
      }
    }
    Files.writeString(file, "5", java.nio.file.StandardOpenOption.APPEND); // torn by a crash
    try (MetricsCsv csv = MetricsCsv.open(file, List.of("step", "loss"),
        r -> Long.parseLong(r.get("step")) <= 2)) {
      csv.append(row("step", 3, "loss", 0.3));
    }
    assertArrayEquals(new double[] {1, 2, 3}, MetricsCsv.read(file).numbers("step"));
    assertEquals(4, Files.readAllLines(file).size());
  }
}
