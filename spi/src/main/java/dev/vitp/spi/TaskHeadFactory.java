package dev.vitp.spi;

import dev.vitp.spi.task.TaskHeadBuilder;
import java.util.function.Function;

/** Contributes a downstream task head (built on a backbone into a session on demand). */
public interface TaskHeadFactory extends ComponentFactory<TaskHeadConfig, TaskHeadBuilder> {
  static <C extends TaskHeadConfig> TaskHeadFactory of(
      String name, Class<C> configType, Function<? super C, ? extends TaskHeadBuilder> create) {
    return of(name, configType, create, "");
  }

  static <C extends TaskHeadConfig> TaskHeadFactory of(String name, Class<C> configType,
      Function<? super C, ? extends TaskHeadBuilder> create, String description) {
    TypedFactory<TaskHeadConfig, C, TaskHeadBuilder> f =
        new TypedFactory<>(name, configType, create, description);
    return new TaskHeadFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends TaskHeadConfig> configType() { return f.configType(); }
      @Override public TaskHeadBuilder create(TaskHeadConfig config) { return f.create(config); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
