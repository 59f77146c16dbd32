package dev.vitp.backend.jvm;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Owns the parameters (host arrays) and hands out one step at a time. */
final class JvmSession implements BackendSession {
  private final JvmBackend backend;
  private final long seed;
  private final Map<String, JvmParameter> parameters = new LinkedHashMap<>();
  private final BufferPool pool;
  private @Nullable JvmStep openStep;
  private boolean closed;

  JvmSession(JvmBackend backend, long seed) {
    this(backend, seed, new BufferPool());
  }

  JvmSession(JvmBackend backend, long seed, BufferPool pool) {
    this.backend = backend;
    this.seed = seed;
    this.pool = pool;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public Parameter createParameter(String name, Shape shape, float[] values, boolean trainable) {
    ensureOpen("createParameter");
    BackendSession.checkNewParameter(parameters.get(name), name, shape, values);
    JvmParameter parameter = new JvmParameter(this, name, shape, values.clone(), trainable);
    parameters.put(name, parameter);
    return parameter;
  }

  @Override
  public @Nullable Parameter findParameter(String name) {
    return parameters.get(name);
  }

  @Override
  public List<Parameter> parameters() {
    return List.copyOf(parameters.values());
  }

  @Override
  public Step newStep(StepMode mode, long randomSeed) {
    ensureOpen("newStep");
    JvmStep open = openStep;
    if (open != null && !open.isClosed()) {
      throw VitpException.userError("Expected at most one open step per session on backend ["
          + JvmBackend.NAME + "]; close the previous step first. Received: newStep(" + mode
          + ") while a " + open.mode() + " step is open");
    }
    JvmStep step = new JvmStep(new StepContext(backend, this, mode), randomSeed);
    openStep = step;
    return step;
  }

  @Override
  public void zeroGradients() {
    ensureOpen("zeroGradients");
    for (JvmParameter p : parameters.values()) {
      p.zeroGradient();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      JvmStep open = openStep;
      if (open != null) {
        open.close();
      }
    } finally {
      closed = true;
      openStep = null;
      parameters.clear();
      pool.clear();
    }
  }

  BufferPool pool() {
    return pool;
  }

  void stepClosed(JvmStep step) {
    if (openStep == step) {
      openStep = null;
    }
  }

  JvmParameter parameter(Parameter parameter, String op) {
    if (!(parameter instanceof JvmParameter p) || p.session() != this) {
      throw VitpException.userError("Op [" + op + "] expected a parameter of this "
          + JvmBackend.NAME + " session. Received: " + parameter
          + (parameter instanceof JvmParameter ? " of another session" : " of "
              + parameter.getClass().getName()));
    }
    return p;
  }

  void ensureOpen(String op) {
    if (closed) {
      throw VitpException.userError("Op [" + op + "] expected an open session of backend ["
          + JvmBackend.NAME + "]. Received: a closed session (its parameters are freed)");
    }
  }
}
