package dev.vitp.api;

import dev.vitp.api.train.ImageReliance;
import dev.vitp.spi.data.SkipSummary;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a pretraining run ({@link Vitp#pretrain}, {@link Vitp#resume}) ended.
 *
 * @param runFolder where its checkpoints, metrics and {@code run.json} are
 * @param backend the backend that actually ran it
 * @param firstStep the step it started at (0 for a new run)
 * @param completedSteps optimizer steps done in total, earlier sessions included
 * @param totalSteps the run's planned steps
 * @param lastLoss the answer loss of the last step (NaN if no step had supervised tokens)
 * @param stoppedEarly whether a stop request ended it before {@code totalSteps} (it was saved)
 * @param lastCheckpoint the weights of the checkpoint it ended on
 * @param skippedEmptyBatches micro-batches with no supervised token, skipped
 * @param truncatedConversations conversations cut at the preset's text budget
 * @param recordsWithImagesCut records with more images than the model's image slots
 * @param skips the records the source skipped, per dataset
 * @param imageReliance answer loss with own vs swapped images, measured after a finished run
 *     (null when stopped early or with fewer than two samples per batch)
 */
public record PretrainResult(Path runFolder, String backend, long firstStep, long completedSteps,
    long totalSteps, double lastLoss, boolean stoppedEarly, @Nullable Path lastCheckpoint,
    long skippedEmptyBatches, long truncatedConversations, long recordsWithImagesCut,
    List<SkipSummary> skips, @Nullable ImageReliance imageReliance) {
  public PretrainResult {
    skips = List.copyOf(skips);
  }
}
