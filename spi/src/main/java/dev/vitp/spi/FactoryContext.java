package dev.vitp.spi;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime hands a factory when it builds a component (Trino's {@code ConnectorContext}),
 * so that plugins use the runtime's services instead of building their own: its JSON binding
 * (which knows every named config of every plugin), nested components by config, a logger, and
 * the folder of the run being assembled. Factories that need none of it ignore it (the plain
 * {@code of(...)} helpers).
 */
public interface FactoryContext {
  /**
   * The folder of the run this component is built for (relative file names in its config resolve
   * here), or null outside a run, e.g. for {@code vitp plugins} or a library call.
   */
  @Nullable Path runFolder();

  /** Reads JSON text as {@code type} with the runtime's binding; errors are {@link VitpException}s. */
  <T> T readJson(String json, Class<T> type);

  /** Writes {@code value} (a config, a record) as JSON with the runtime's binding. */
  String toJson(Object value);

  /** Builds the component of {@code kind} that {@code config} selects, e.g. a nested backend. */
  Object create(ComponentKind kind, Object config);

  /** The logger of this component: named after it, e.g. {@code vitp.tokenizer.word}. */
  System.Logger logger();

  /** {@code file} resolved against {@link #runFolder()} when it is relative and there is one. */
  default Path resolve(String file) {
    Path path = Path.of(file);
    Path run = runFolder();
    return path.isAbsolute() || run == null ? path : run.resolve(path);
  }

  /**
   * A context with no runtime behind it, for factories called directly (tests, other tools): no
   * run folder, and JSON or nested components fail with UNSUPPORTED.
   */
  static FactoryContext standalone() {
    return new FactoryContext() {
      @Override
      public @Nullable Path runFolder() {
        return null;
      }

      @Override
      public <T> T readJson(String json, Class<T> type) {
        throw needsRuntime("reading JSON");
      }

      @Override
      public String toJson(Object value) {
        throw needsRuntime("writing JSON");
      }

      @Override
      public Object create(ComponentKind kind, Object config) {
        throw needsRuntime("building a nested " + kind.key());
      }

      @Override
      public System.Logger logger() {
        return System.getLogger("vitp");
      }

      private VitpException needsRuntime(String what) {
        return VitpException.unsupported("Expected a component built through the vitp runtime "
            + "for " + what + ". Received: a factory called without one (use Vitp.create)");
      }
    };
  }
}
