package dev.vitp.spi;

import dev.vitp.spi.task.TaskHeadBuilder;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Contributes a downstream task head (built on a backbone into a session on demand). */
public interface TaskHeadFactory extends ComponentFactory<TaskHeadConfig, TaskHeadBuilder> {
  static <C extends TaskHeadConfig> TaskHeadFactory of(
      String name, Class<C> configType, Function<? super C, ? extends TaskHeadBuilder> create) {
    return of(name, configType, create, "");
  }

  static <C extends TaskHeadConfig> TaskHeadFactory of(String name, Class<C> configType,
      Function<? super C, ? extends TaskHeadBuilder> create, String description) {
    return withContext(name, configType, (config, context) -> create.apply(config), description);
  }

  /** Like {@code of}, for a component that uses the runtime's {@link FactoryContext}. */
  static <C extends TaskHeadConfig> TaskHeadFactory withContext(String name, Class<C> configType,
      BiFunction<? super C, FactoryContext, ? extends TaskHeadBuilder> create, String description) {
    TypedFactory<TaskHeadConfig, C, TaskHeadBuilder> f =
        new TypedFactory<>(name, configType, create, description);
    return new TaskHeadFactory() {
      @Override public String name() { return f.name(); }
      @Override public Class<? extends TaskHeadConfig> configType() { return f.configType(); }
      @Override public TaskHeadBuilder create(TaskHeadConfig config) { return f.create(config, FactoryContext.standalone()); }
      @Override public TaskHeadBuilder create(TaskHeadConfig config, FactoryContext context) { return f.create(config, context); }
      @Override public String description() { return f.description(); }
      @Override public String toString() { return f.toString(); }
    };
  }
}
