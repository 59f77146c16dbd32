package dev.vitp.api;

import dev.vitp.spi.task.Prediction;
import java.nio.file.Path;

/**
 * What {@link Vitp#predict} predicted and wrote.
 *
 * @param prediction counts, tiles, the files written by kind, the images skipped
 * @param summary the {@code predict.json} written
 * @param weights the weights file that predicted
 */
public record PredictResult(Prediction prediction, Path summary, Path weights) {}
