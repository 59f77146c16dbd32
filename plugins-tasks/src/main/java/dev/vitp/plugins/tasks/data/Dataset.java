package dev.vitp.plugins.tasks.data;

import dev.vitp.spi.task.SkippedFiles;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskSample;
import java.util.List;

/**
 * A downstream dataset read into memory at the backbone's resolution.
 *
 * @param format the format it was read as, e.g. {@code dota}
 * @param info the task, class names and box kind
 * @param train training samples, in a stable order
 * @param val validation samples, in a stable order
 * @param skips what was left out
 */
public record Dataset(String format, TaskInfo info, List<TaskSample> train, List<TaskSample> val,
    SkippedFiles skips) {
  public Dataset {
    train = List.copyOf(train);
    val = List.copyOf(val);
  }
}
