package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.metrics.EventFileReader;
import dev.vitp.api.metrics.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run leaves to watch it by, read back with the project's own readers after tiny runs
 * through the command line: metrics.csv, TensorBoard event files, wall_time in the JSONL, the
 * PNG of its curves, the held-out loss of {@code --val-every}, and fine-tuning's progress bar.
 */
class WatchingRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;

  @BeforeAll
  static void generate() {
    InProcessCli.Result r = InProcessCli.vitp("generate", "--domain", "remote-sensing", "--out",
        dir.resolve("data").toString(), "--samples", "40", "--image-size", "32");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void pretrainingWritesCsvEventsAPlotAndAHeldOutLossAndResumesWithoutDuplicates()
      throws Exception {
    Path run = dir.resolve("pretrain");
    InProcessCli.Result r = InProcessCli.vitp("pretrain", "--recipe",
        dir.resolve("data/recipe.json").toString(), "--steps", "4", "--batch", "4",
        "--workers", "1", "--checkpoint-every", "2", "--val-every", "2", "--val-share", "0.25",
        "--out", run.toString());
    assertEquals(0, r.exit(), r.err());

    MetricsCsv.Table csv = MetricsCsv.read(run.resolve("metrics.csv"));
    assertEquals(List.of("step", "wall_time", "loss", "lr", "grad_norm", "images_per_s",
        "tokens_per_s", "kept_image_tokens", "step_ms", "val_loss"), csv.columns());
    assertArrayEquals(new double[] {1, 2, 3, 4}, csv.numbers("step"));
    double[] val = csv.numbers("val_loss");
    assertTrue(Double.isNaN(val[0]) && Double.isNaN(val[2]), Arrays.toString(val));
    assertTrue(Double.isFinite(val[1]) && val[1] > 0 && Double.isFinite(val[3]) && val[3] > 0,
        Arrays.toString(val));
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(4, lines.size());
    for (int i = 0; i < 4; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertEquals(csv.numbers("wall_time")[i], line.get("wall_time").asDouble(), 1e-3);
      assertTrue(line.get("wall_time").asDouble() > 1.7e9, "seconds since the epoch");
    }
    assertEquals(val[3], JSON.readTree(lines.get(3)).get("val_loss").asDouble(), 1e-9);

    assertEquals(1, EventFileReader.files(run).size());
    List<EventFileReader.Point> loss = EventFileReader.scalars(run, "train/loss");
    assertEquals(List.of(1L, 2L, 3L, 4L), loss.stream().map(EventFileReader.Point::step).toList());
    double[] csvLoss = csv.numbers("loss");
    for (int i = 0; i < 4; i++) {
      assertEquals(csvLoss[i], loss.get(i).value(), 1e-5 * Math.abs(csvLoss[i]));
      assertEquals(csv.numbers("wall_time")[i], loss.get(i).wallTime(), 1e-3);
    }
    assertEquals(4, EventFileReader.scalars(run, "train/lr").size());
    assertEquals(4, EventFileReader.scalars(run, "train/images_per_s").size());
    List<EventFileReader.Point> heldOut = EventFileReader.scalars(run, "val/loss");
    assertEquals(List.of(2L, 4L), heldOut.stream().map(EventFileReader.Point::step).toList());
    assertEquals(List.of((float) val[1], (float) val[3]),
        heldOut.stream().map(EventFileReader.Point::value).toList());
    assertNotNull(ImageIO.read(run.resolve("loss.png").toFile()), "loss.png is a PNG");

    // --resume --extend appends: one row per step, a second event file, no step twice.
    InProcessCli.Result resumed = InProcessCli.vitp("pretrain", "--out", run.toString(),
        "--resume", "--steps", "6", "--extend", "--workers", "1");
    assertEquals(0, resumed.exit(), resumed.err());
    MetricsCsv.Table after = MetricsCsv.read(run.resolve("metrics.csv"));
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, after.numbers("step"));
    assertTrue(Double.isFinite(after.numbers("val_loss")[5]), "held out after the last step");
    assertEquals(6, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertEquals(2, EventFileReader.files(run).size());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), EventFileReader.scalars(run, "train/loss")
        .stream().map(EventFileReader.Point::step).toList());
  }

  @Test
  void finetuningWritesCsvEventsAPlotAndAPlainProgressBarOutsideATerminal() throws Exception {
    Path out = dir.resolve("finetune");
    InProcessCli.Result r = InProcessCli.vitp("finetune", "--task", "classification", "--data",
        dir.resolve("data/downstream/scene-classification").toString(), "--backbone", "random",
        "--epochs", "2", "--batch", "4", "--progress", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());

    MetricsCsv.Table csv = MetricsCsv.read(out.resolve("metrics.csv"));
    assertEquals(List.of("epoch", "step", "wall_time", "train_loss", "lr", "seconds",
        "images_per_s"), csv.columns().subList(0, 7));
    assertArrayEquals(new double[] {1, 2}, csv.numbers("epoch"));
    assertTrue(csv.columns().contains("val_accuracy"), csv.columns().toString());
    assertTrue(Arrays.stream(csv.numbers("val_accuracy")).allMatch(Double::isFinite));
    double stepsPerEpoch = csv.numbers("step")[0];
    assertEquals(2 * stepsPerEpoch, csv.numbers("step")[1]);

    List<String> epochs = Files.readAllLines(out.resolve("epochs.jsonl"));
    assertEquals(2, epochs.size());
    assertEquals(csv.numbers("wall_time")[1], JSON.readTree(epochs.get(1)).get("wall_time")
        .asDouble(), 1e-3);
    List<EventFileReader.Point> loss = EventFileReader.scalars(out, "train/loss");
    assertEquals((long) (2 * stepsPerEpoch), loss.size(), "one event per optimizer step");
    List<EventFileReader.Point> accuracy = EventFileReader.scalars(out, "val/accuracy");
    assertEquals(2, accuracy.size());
    assertEquals((float) csv.numbers("val_accuracy")[1], accuracy.get(1).value());
    assertNotNull(ImageIO.read(out.resolve("metrics.png").toFile()), "metrics.png is a PNG");

    assertTrue(r.err().contains("epoch 1 ["), r.err());
    assertTrue(r.err().contains("ETA"), r.err());
    assertFalse(r.err().contains("\r"), "no carriage return outside a terminal");
  }
}
