package dev.vitp.spi.task;

import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;

/** What a {@link dev.vitp.spi.TaskHeadFactory} makes: a head for a kind of data, built on demand. */
public interface TaskHeadBuilder {
  /** The kind of data the head trains on (it decides which dataset readers apply). */
  TaskKind kind();

  /** Creates the head's parameters under {@code scope}, for {@code backbone} and the data. */
  TaskHead build(ParameterScope scope, Backbone backbone, TaskInfo info);
}
