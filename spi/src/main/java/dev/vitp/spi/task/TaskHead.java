package dev.vitp.spi.task;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import java.util.List;

/**
 * A task head built into a session on a backbone. It runs the backbone itself, so it decides which
 * blocks to tap and how often (change detection runs it on both dates).
 */
public interface TaskHead {
  /** The head's own parameters (the backbone's are {@link Backbone#parameters()}). */
  List<Parameter> parameters();

  /** The scalar training loss of a batch, in a TRAINING step. */
  Tensor loss(Step step, Backbone backbone, List<TaskSample> batch);

  /** Predictions for a batch, one per sample, in an INFERENCE step. */
  List<TaskPrediction> predict(Step step, Backbone backbone, List<TaskSample> batch);

  /** A fresh accumulator of this task's metrics. */
  TaskMetrics newMetrics();
}
