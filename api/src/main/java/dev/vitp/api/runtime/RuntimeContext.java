package dev.vitp.api.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.FactoryContext;
import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The {@link FactoryContext} the runtime hands a factory: its binding, registry and run folder. */
final class RuntimeContext implements FactoryContext {
  private final VitpRuntime runtime;
  private final @Nullable Path runFolder;
  private final String loggerName;

  RuntimeContext(VitpRuntime runtime, @Nullable Path runFolder, ComponentKind kind, String name) {
    this.runtime = runtime;
    this.runFolder = runFolder;
    this.loggerName = "vitp." + kind.key() + "." + name;
  }

  @Override
  public @Nullable Path runFolder() {
    return runFolder;
  }

  @Override
  public <T> T readJson(String json, Class<T> type) {
    return runtime.configs().read(json, type);
  }

  @Override
  public String toJson(Object value) {
    try {
      return runtime.configs().mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw VitpException.userError("Expected a value that serialises to JSON. Received: "
          + value.getClass().getName() + " (" + e.getOriginalMessage() + ")", e);
    }
  }

  @Override
  public Object create(ComponentKind kind, Object config) {
    String name = runtime.registry().forConfig(kind, config).name();
    return runtime.create(kind, name, config, runFolder);
  }

  @Override
  public System.Logger logger() {
    return System.getLogger(loggerName);
  }
}
