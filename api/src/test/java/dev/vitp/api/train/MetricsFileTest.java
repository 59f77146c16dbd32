package dev.vitp.api.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.metrics.EventFileReader;
import dev.vitp.api.metrics.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void run(Path dir, long first, long last, double offset) {
    MetricsFile metrics = new MetricsFile(dir.resolve(MetricsFile.JSONL), JSON);
    metrics.onStart(first, last);
    for (long step = first + 1; step <= last; step++) {
      StepMetrics m = new StepMetrics(step, offset + step, 1e-3, 1, 10, 100, 4, 50);
      metrics.onStep(step % 2 == 0 ? m.withValLoss(offset + step + 0.5) : m, last);
    }
    metrics.onFinish(last);
  }

  @Test
  void aResumedRunLeavesOneRowPerStepInEveryFile(@TempDir Path dir) throws Exception {
    run(dir, 0, 4, 0);   // steps 1-4, as if it crashed after its checkpoint at step 2
    run(dir, 2, 6, 100); // resumed at step 2: runs 3-6 again
    List<String> lines = Files.readAllLines(dir.resolve(MetricsFile.JSONL));
    assertEquals(6, lines.size());
    for (int i = 0; i < 6; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertEquals(i + 1, line.get("step").asInt());
      assertTrue(line.get("wall_time").asDouble() > 1.6e9, "seconds since the epoch");
      assertEquals((i + 1) % 2 == 0, line.has("val_loss"));
    }
    MetricsCsv.Table csv = MetricsCsv.read(dir.resolve(MetricsCsv.FILE));
    assertEquals(StepMetrics.COLUMNS, csv.columns());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, csv.numbers("step"));
    assertArrayEquals(new double[] {1, 2, 103, 104, 105, 106}, csv.numbers("loss"));
    assertArrayEquals(new double[] {Double.NaN, 2.5, Double.NaN, 104.5, Double.NaN, 106.5},
        csv.numbers("val_loss"));
    assertEquals(2, EventFileReader.files(dir).size(), "a new event file per start");
    List<EventFileReader.Point> loss = EventFileReader.scalars(dir, "train/loss");
    assertEquals(List.of(1f, 2f, 103f, 104f, 105f, 106f),
        loss.stream().map(EventFileReader.Point::value).toList());
    assertEquals(List.of(2L, 4L, 6L), EventFileReader.scalars(dir, "val/loss").stream()
        .map(EventFileReader.Point::step).toList());
  }
}
