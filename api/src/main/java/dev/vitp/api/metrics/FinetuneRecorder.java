package dev.vitp.api.metrics;

import dev.vitp.spi.task.EpochRecord;
import dev.vitp.spi.task.FinetuneListener;
import dev.vitp.spi.task.FinetuneStep;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a fine-tuning run writes beside its {@code epochs.jsonl}: {@code metrics.csv}, a row per
 * epoch (the columns of {@link #COLUMNS}, then {@code val_<metric>} for each validation metric),
 * and a TensorBoard event file with {@code train/loss}, {@code train/lr} and {@code
 * train/images_per_s} at every step and {@code epoch/train_loss}, {@code epoch/seconds} and
 * {@code val/<metric>} at each epoch's last step. It passes every call on to {@code next}.
 */
public final class FinetuneRecorder implements FinetuneListener, AutoCloseable {
  /** The curves the command line draws into the run folder at the end of a run. */
  public static final String PLOT = "metrics.png";

  public static final List<String> COLUMNS = List.of("epoch", "step", "wall_time", "train_loss",
      "lr", "seconds", "images_per_s");

  private final FinetuneListener next;
  private final MetricsCsv csv;
  private final EventFileWriter events;
  private long step;
  private long epochSamples;
  private double epochStepSeconds;

  /** Starts a new {@code metrics.csv} and event file in {@code dir} (a new run's folder). */
  public FinetuneRecorder(Path dir, FinetuneListener next) {
    this.next = next;
    Predicate<Map<String, String>> none = row -> false;
    this.csv = MetricsCsv.open(dir.resolve(MetricsCsv.FILE), COLUMNS, none);
    this.events = EventFileWriter.create(dir);
  }

  @Override
  public void onStep(FinetuneStep s) {
    step = s.step();
    epochSamples += s.samples();
    epochStepSeconds += s.seconds();
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("train/loss", s.loss());
    scalars.put("train/lr", s.lr());
    scalars.put("train/images_per_s", s.samplesPerSecond());
    events.scalars(s.step(), s.wallTime(), scalars);
    next.onStep(s);
  }

  @Override
  public void onEpoch(EpochRecord e) {
    Map<String, @Nullable Object> row = new LinkedHashMap<>();
    row.put("epoch", e.epoch());
    row.put("step", step == 0 ? null : step);
    row.put("wall_time", e.wallTime());
    row.put("train_loss", e.trainLoss());
    row.put("lr", e.lr());
    row.put("seconds", e.seconds());
    row.put("images_per_s", epochStepSeconds > 0 ? epochSamples / epochStepSeconds : null);
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("epoch/train_loss", e.trainLoss());
    scalars.put("epoch/seconds", e.seconds());
    if (e.val() != null) {
      e.val().values().forEach((k, v) -> {
        row.put("val_" + k, v);
        scalars.put("val/" + k, v);
      });
    }
    csv.append(row);
    // A recipe that reports no steps has its epochs at steps 1, 2, … in TensorBoard.
    events.scalars(step == 0 ? e.epoch() : step, e.wallTime(), scalars);
    epochSamples = 0;
    epochStepSeconds = 0;
    next.onEpoch(e);
  }

  @Override
  public void close() {
    csv.close();
    events.close();
  }
}
