/**
 * How a run can be watched besides its JSONL: {@code metrics.csv} and TensorBoard event files
 * ({@code events.out.tfevents.*}), written and read back without TensorFlow.
 */
@NullMarked
package dev.vitp.api.metrics;

import org.jspecify.annotations.NullMarked;
