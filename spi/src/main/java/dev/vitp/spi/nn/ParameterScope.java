package dev.vitp.spi.nn;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import java.util.SplittableRandom;

/**
 * Creates parameters under a dotted name prefix ({@code vision_model.encoder.layers.3}). Each
 * parameter's initial values come from a generator seeded by the scope's seed and the parameter's
 * full name, so they do not depend on construction order and match across backends.
 */
public final class ParameterScope {
  private final BackendSession session;
  private final String prefix;
  private final long seed;

  private ParameterScope(BackendSession session, String prefix, long seed) {
    this.session = session;
    this.prefix = prefix;
    this.seed = seed;
  }

  /** The root scope (no prefix) of a session. */
  public static ParameterScope root(BackendSession session, long seed) {
    return new ParameterScope(session, "", seed);
  }

  /** A nested scope: {@code child("attn")} under {@code layers.0} names {@code layers.0.attn.*}. */
  public ParameterScope child(String name) {
    if (name.isEmpty() || name.contains("..")) {
      throw VitpException.userError("Expected a non-empty scope name. Received: name=" + name);
    }
    return new ParameterScope(session, qualify(name), seed);
  }

  public ParameterScope child(int index) {
    return child(Integer.toString(index));
  }

  public BackendSession session() {
    return session;
  }

  /** The scope's name prefix including the trailing dot, or "" at the root. */
  public String prefix() {
    return prefix.isEmpty() ? "" : prefix + ".";
  }

  /** The full dotted name of {@code name} in this scope. */
  public String qualify(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** Creates a trainable parameter {@code prefix.name}. */
  public Parameter create(String name, Shape shape, Init init) {
    String full = qualify(name);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + full.hashCode());
    float[] values = init.values(shape, random);
    return session.createParameter(full, shape, values, true);
  }
}
