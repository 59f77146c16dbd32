package dev.vitp.spi.backend;

import dev.vitp.spi.VitpException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every backend's session shares: the parameters by name, the one open step, and closing.
 *
 * <p>The public methods check their arguments and the session's state once, here, and then call
 * the backend's kernels (the protected methods), so every backend refuses bad input with the same
 * message; a backend writes only its storage and how it opens a step (the pattern of {@link
 * Step}).
 *
 * @param <B> the backend, so that a session hands its own backend type to its steps
 * @param <P> the backend's parameter type: {@link #ownParameter} casts to it after checking
 */
public abstract class AbstractBackendSession<B extends Backend, P extends AbstractParameter<?>>
    implements BackendSession {
  private final B backend;
  private final long seed;
  private final Class<P> parameterType;
  private final Map<String, P> parameters = new LinkedHashMap<>();
  private @Nullable Step openStep;
  private boolean closed;

  protected AbstractBackendSession(B backend, long seed, Class<P> parameterType) {
    this.backend = backend;
    this.seed = seed;
    this.parameterType = parameterType;
  }

  @Override
  public final B backend() {
    return backend;
  }

  @Override
  public final long seed() {
    return seed;
  }

  @Override
  public final Parameter createParameter(String name, Shape shape, float[] values,
      boolean trainable) {
    ensureOpen("createParameter");
    P existing = parameters.get(name);
    if (existing != null) {
      throw VitpException.userError("Op [createParameter] expected a parameter name unique in the "
          + "session. Received: name=" + name + " (already defined with shape " + existing.shape()
          + ")");
    }
    if (values.length != shape.size()) {
      throw VitpException.userError("Op [createParameter] expected " + shape.size()
          + " values for shape " + shape + ". Received: name=" + name + ", values="
          + values.length);
    }
    P parameter = newParameter(name, shape, values, trainable);
    parameters.put(name, parameter);
    return parameter;
  }

  @Override
  public final @Nullable Parameter findParameter(String name) {
    return parameters.get(name);
  }

  @Override
  public final List<Parameter> parameters() {
    return List.copyOf(parameters.values());
  }

  @Override
  public final Step newStep(StepMode mode, long randomSeed) {
    ensureOpen("newStep");
    if (mode == StepMode.TRAINING) {
      backend.requireCapability(Capability.TRAINING, trainingStepDescription());
    }
    Step open = openStep;
    if (open != null && !open.isClosed()) {
      throw VitpException.userError("Expected at most one open step per session on backend ["
          + backend.name() + "]; close the previous step first. Received: newStep(" + mode
          + ") while a " + open.mode() + " step is open");
    }
    Step step = newStepKernel(mode, randomSeed);
    openStep = step;
    return step;
  }

  @Override
  public final void zeroGradients() {
    ensureOpen("zeroGradients");
    for (P parameter : parameters.values()) {
      parameter.zeroGradientKernel();
    }
  }

  /** Closes the open step, forgets the parameters and frees the storage. Idempotent. */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    try {
      Step open = openStep;
      if (open != null) {
        open.close();
      }
    } finally {
      closed = true;
      openStep = null;
      parameters.clear();
      closeKernel();
    }
  }

  /**
   * {@code parameter} as this session's own type, for a step's kernels. Fails with a USER_ERROR
   * naming {@code op} if it belongs to another session or another backend.
   */
  public final P ownParameter(Parameter parameter, String op) {
    boolean ourType = parameterType.isInstance(parameter);
    if (!ourType || ((AbstractParameter<?>) parameter).session() != this) {
      throw VitpException.userError("Op [" + op + "] expected a parameter of this "
          + backend.name() + " session. Received: " + parameter
          + (ourType ? " of another session" : " of " + parameter.getClass().getName()));
    }
    return parameterType.cast(parameter);
  }

  /** Fails with a USER_ERROR naming {@code op} once the session is closed. */
  protected final void ensureOpen(String op) {
    if (closed) {
      throw VitpException.userError("Op [" + op + "] expected an open session of backend ["
          + backend.name() + "]. Received: a closed session (its parameters are freed)");
    }
  }

  /**
   * What a refused TRAINING step is called in the UNSUPPORTED error of a backend without {@link
   * Capability#TRAINING}; such a backend may override it to say why it cannot train.
   */
  protected String trainingStepDescription() {
    return "a TRAINING step";
  }

  /**
   * Stores a new parameter. The name is new and {@code values} has {@code shape.size()} floats;
   * the array is the caller's, so copy it rather than keep it.
   */
  protected abstract P newParameter(String name, Shape shape, float[] values, boolean trainable);

  /** Opens a step; no other step of this session is open and the mode is within capabilities. */
  protected abstract Step newStepKernel(StepMode mode, long randomSeed);

  /** Frees the session's storage; called once, after the open step is closed. */
  protected abstract void closeKernel();
}
