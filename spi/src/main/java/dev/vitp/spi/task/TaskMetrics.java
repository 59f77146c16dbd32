package dev.vitp.spi.task;

/** Accumulates predictions against the truth over one evaluation pass. Not thread-safe. */
public interface TaskMetrics {
  void add(TaskSample truth, TaskPrediction prediction);

  /** The metrics of everything added so far. */
  TaskScores compute();
}
