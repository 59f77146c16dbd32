/**
 * Downstream tasks as a finetuner sees them: samples at the backbone's resolution, task heads built
 * on a {@link dev.vitp.spi.model.Backbone} that give a loss and predictions, and the metrics that
 * score predictions against the truth.
 */
@NullMarked
package dev.vitp.spi.task;

import org.jspecify.annotations.NullMarked;
