package dev.vitp.api.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.VitpException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Appends one JSON line per step to {@code metrics.jsonl}. On (re)start it drops lines of steps
 * that are about to be run again, so a resumed run leaves one line per step.
 */
public final class MetricsFile implements TrainListener, AutoCloseable {
  private final Path file;
  private final ObjectMapper json;
  private @Nullable BufferedWriter writer;

  public MetricsFile(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  @Override
  public void onStart(long firstStep, long totalSteps) {
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
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, kept, StandardCharsets.UTF_8);
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable metrics file. Received: file=" + file
          + ", error=" + e.getMessage(), e);
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
  }
}
