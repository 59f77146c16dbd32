package dev.vitp.spi.backend;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Owns a model's parameters (and their gradients) and hands out scoped {@link Step}s. Close it to
 * free every native resource. Sessions are not thread-safe; use one per thread.
 *
 * <p>Backends extend {@link AbstractBackendSession}, which owns the argument checks and messages.
 */
public interface BackendSession extends AutoCloseable {
  Backend backend();

  /** The seed the session was opened with (parameter initialisers derive from it). */
  long seed();

  /**
   * Creates a parameter from row-major values. Names must be unique in the session.
   *
   * @param trainable whether {@link Step#backward(Tensor)} accumulates a gradient for it
   */
  Parameter createParameter(String name, Shape shape, float[] values, boolean trainable);

  @Nullable Parameter findParameter(String name);

  /** All parameters, in creation order. */
  List<Parameter> parameters();

  /**
   * Opens a step. Every tensor created inside it is freed when it closes. At most one step is open
   * at a time per session.
   *
   * @param randomSeed seeds {@link Step#random()}; callers derive it from their global step number
   *     so that runs are reproducible and resumable on every backend
   */
  Step newStep(StepMode mode, long randomSeed);

  /** Resets every parameter's accumulated gradient to zero (start of an optimizer step). */
  void zeroGradients();

  @Override
  void close();
}
