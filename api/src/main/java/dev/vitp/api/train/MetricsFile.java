package dev.vitp.api.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.metrics.EventFileWriter;
import dev.vitp.api.metrics.MetricsCsv;
import dev.vitp.spi.VitpException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Records every step three ways in the run folder: a JSON line in {@code metrics.jsonl}, a row in
 * {@code metrics.csv} and an event in a TensorBoard event file ({@code events.out.tfevents.*},
 * tags {@code train/loss}, {@code train/lr}, {@code train/grad_norm}, {@code
 * train/images_per_s}, {@code train/tokens_per_s}, {@code train/step_ms}, {@code val/loss}). On
 * (re)start it drops the JSONL lines and CSV rows of steps that are about to be run again, so a
 * resumed run leaves one line and one row per step; it starts a new event file whose first event
 * (a {@code SessionLog} START at the first step run again) tells TensorBoard to drop the older
 * files' values from that step on, as PyTorch's {@code purge_step} does.
 */
public final class MetricsFile implements TrainListener, AutoCloseable {
  public static final String JSONL = "metrics.jsonl";
  /** The loss curve the command line draws into the run folder at the end of a run. */
  public static final String PLOT = "loss.png";

  private final Path file;
  private final ObjectMapper json;
  private @Nullable BufferedWriter writer;
  private @Nullable MetricsCsv csv;
  private @Nullable EventFileWriter events;

  /** {@code file}: the JSONL file; the CSV and event files go beside it. */
  public MetricsFile(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  @Override
  public void onStart(long firstStep, long totalSteps) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      List<String> kept = new ArrayList<>();
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          try {
            if (!line.isBlank() && json.readTree(line).path("step").asLong() <= firstStep) {
              kept.add(line);
            }
          } catch (IOException malformed) {
            // A line torn by a crash is dropped with the steps that are re-run.
          }
        }
      }
      Files.createDirectories(dir);
      Files.write(file, kept, StandardCharsets.UTF_8);
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable metrics file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
    csv = MetricsCsv.open(dir.resolve(MetricsCsv.FILE), StepMetrics.COLUMNS,
        row -> parseStep(row.get("step")) <= firstStep);
    events = EventFileWriter.create(dir);
    if (firstStep > 0) {
      events.sessionStart(firstStep + 1, EventFileWriter.wallTime());
    }
  }

  private static long parseStep(@Nullable String cell) {
    try {
      return cell == null ? Long.MAX_VALUE : Long.parseLong(cell);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void onStep(StepMetrics metrics, long totalSteps) {
    BufferedWriter w = writer;
    if (w == null) {
      return;
    }
    try {
      w.write(json.writeValueAsString(metrics));
      w.newLine();
      w.flush();
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable metrics file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
    }
    if (csv != null) {
      csv.append(metrics.row());
    }
    if (events != null) {
      Map<String, Double> scalars = new LinkedHashMap<>();
      scalars.put("train/loss", metrics.loss());
      scalars.put("train/lr", metrics.lr());
      scalars.put("train/grad_norm", metrics.gradNorm());
      scalars.put("train/images_per_s", metrics.imagesPerSecond());
      scalars.put("train/tokens_per_s", metrics.tokensPerSecond());
      scalars.put("train/step_ms", metrics.stepMillis());
      if (metrics.valLoss() != null) {
        scalars.put("val/loss", metrics.valLoss());
      }
      events.scalars(metrics.step(), metrics.wallTime(), scalars);
    }
  }

  @Override
  public void onFinish(long lastStep) {
    close();
  }

  @Override
  public void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // every line was flushed when written
      }
      writer = null;
    }
    if (csv != null) {
      csv.close();
      csv = null;
    }
    if (events != null) {
      events.close();
      events = null;
    }
  }
}
