package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.task.SkippedFiles;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskSample;
import java.util.List;

/**
 * One split of a downstream dataset read into memory ({@link Datasets#openSplit}).
 *
 * @param format the format it was read as
 * @param info the task, class names (as {@link Datasets#open} gives them) and box kind
 * @param samples the split's samples, in a stable order
 * @param skips what was left out
 */
public record SplitData(String format, TaskInfo info, List<TaskSample> samples,
    SkippedFiles skips) {
  public SplitData {
    samples = List.copyOf(samples);
  }
}
