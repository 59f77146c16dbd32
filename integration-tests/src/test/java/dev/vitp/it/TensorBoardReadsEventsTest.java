package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.metrics.EventFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorBoard itself reads vitp's event files: its {@code EventAccumulator} (which checks the
 * TFRecord CRCs and applies a {@code SessionLog} START's purge) sees every scalar at its step.
 * Skipped, saying so, where {@code python3} has no {@code tensorboard} module: Debian 12 packages
 * none ({@code apt-cache policy python3-tensorboard} finds no candidate), so it runs where
 * {@code pip install tensorboard} was done.
 */
class TensorBoardReadsEventsTest {
  private static final String SCRIPT = """
      import json, sys
      from tensorboard.backend.event_processing import event_accumulator as ea
      acc = ea.EventAccumulator(sys.argv[1], size_guidance={ea.SCALARS: 0})
      acc.Reload()
      print(json.dumps({t: [[e.step, e.wall_time, e.value] for e in acc.Scalars(t)]
                        for t in acc.Tags()["scalars"]}))
      """;

  private static boolean pythonHasTensorBoard() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import tensorboard")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void tensorBoardsAccumulatorReadsTheScalarsAndPurgesReplayedSteps(@TempDir Path dir)
      throws Exception {
    assumeTrue(pythonHasTensorBoard(), "Skipped: python3 has no tensorboard module (Debian 12 "
        + "packages no python3-tensorboard); vitp's own reader checks the files instead");
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      for (int step = 1; step <= 4; step++) {
        w.scalars(step, 1_700_000_000.0 + step, Map.of("train/loss", 10.0 + step));
      }
    }
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      w.sessionStart(3, 1_700_000_010.0);
      for (int step = 3; step <= 5; step++) {
        w.scalars(step, 1_700_000_010.0 + step, Map.of("train/loss", 20.0 + step,
            "val/loss", 0.5 * step));
      }
    }
    Path script = dir.resolveSibling(dir.getFileName() + "-read.py");
    Files.writeString(script, SCRIPT);
    Process p = new ProcessBuilder("python3", script.toString(), dir.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    JsonNode scalars = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    List<Long> steps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    scalars.get("train/loss").forEach(e -> {
      steps.add(e.get(0).asLong());
      values.add(e.get(2).asDouble());
    });
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), steps, out);
    assertEquals(List.of(11.0, 12.0, 23.0, 24.0, 25.0), values, out);
    assertEquals(1_700_000_015.0, scalars.get("train/loss").get(4).get(1).asDouble(), 1e-6);
    assertEquals(3, scalars.get("val/loss").size(), out);
  }
}
