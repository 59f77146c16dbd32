package dev.vitp.spi.backend;

import java.util.Set;

/**
 * What every backend holds the same way: its name and capabilities, fixed when it is created, and
 * a {@code toString} naming both with the backend's own details. A backend adds its engine and
 * {@link #newSession}.
 */
public abstract class AbstractBackend implements Backend {
  private final String name;
  private final Set<Capability> capabilities;

  protected AbstractBackend(String name, Set<Capability> capabilities) {
    this.name = name;
    this.capabilities = Set.copyOf(capabilities);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  /** What {@link #toString} adds after the name, e.g. {@code PyTorch 2.7.1, threads=2}. */
  protected String details() {
    return "";
  }

  @Override
  public String toString() {
    String details = details();
    return getClass().getSimpleName() + "[" + name + (details.isEmpty() ? "" : ", " + details)
        + "]";
  }
}
