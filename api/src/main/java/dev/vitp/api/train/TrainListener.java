package dev.vitp.api.train;

/** Observes a training run (progress bars, metrics files, tests). */
public interface TrainListener {
  default void onStart(long firstStep, long totalSteps) {}

  default void onStep(StepMetrics metrics, long totalSteps) {}

  default void onCheckpoint(Checkpoints.Saved saved) {}

  default void onFinish(long lastStep) {}

  /** A line worth telling the user before the run goes on, e.g. a setting applied on resume. */
  default void onNotice(String message) {}
}
