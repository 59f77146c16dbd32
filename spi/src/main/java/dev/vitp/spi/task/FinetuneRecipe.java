package dev.vitp.spi.task;

import dev.vitp.spi.VitpException;
import java.util.function.Consumer;

/**
 * How a backbone and head are trained on labelled data: optimiser, schedule, freezing, epochs,
 * validation. The built-in {@code supervised} recipe fine-tunes with layer-wise learning-rate
 * decay; a plugin may add others (e.g. a semi-supervised one).
 */
@FunctionalInterface
public interface FinetuneRecipe {
  /** Trains, validates and writes the job's outputs; {@code onEpoch} hears of every epoch. */
  FinetuneResult run(FinetuneJob job, Consumer<EpochRecord> onEpoch);

  /**
   * Like {@link #run(FinetuneJob, Consumer)}, with every optimizer step reported too; a recipe
   * that does not override it reports epochs only.
   */
  default FinetuneResult run(FinetuneJob job, FinetuneListener listener) {
    return run(job, (Consumer<EpochRecord>) listener::onEpoch);
  }

  /**
   * Scores a model this recipe fine-tuned (or predictions) on a split of labelled data, with
   * the metrics its validation uses. A recipe that cannot is refused with an UNSUPPORTED error.
   */
  default Evaluation evaluate(EvaluationJob job) {
    throw VitpException.unsupported("Expected a finetuning recipe that can evaluate. Received: "
        + getClass().getName() + ", which does not implement evaluate (use the supervised "
        + "recipe's evaluation: its models load the same way)");
  }

  /**
   * Runs a model this recipe fine-tuned on unlabelled images and writes its predictions (masks,
   * labels, detections, overlays) into {@code job.out()}. A recipe that cannot is refused with an
   * UNSUPPORTED error.
   */
  default Prediction predict(PredictionJob job) {
    throw VitpException.unsupported("Expected a finetuning recipe that can predict. Received: "
        + getClass().getName() + ", which does not implement predict (use the supervised "
        + "recipe's prediction: its models load the same way)");
  }
}
