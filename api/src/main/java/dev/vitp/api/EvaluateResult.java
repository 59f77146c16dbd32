package dev.vitp.api;

import dev.vitp.spi.task.Evaluation;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Vitp#evaluate} scored and wrote.
 *
 * @param evaluation the scores, classes and sample count
 * @param metrics the {@code metrics.json} written
 * @param weights the weights file scored, or null for predictions
 * @param data the dataset folder scored on
 */
public record EvaluateResult(Evaluation evaluation, Path metrics, @Nullable Path weights,
    Path data) {}
