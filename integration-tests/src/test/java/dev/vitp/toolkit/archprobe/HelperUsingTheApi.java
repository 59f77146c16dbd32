package dev.vitp.toolkit.archprobe;

import dev.vitp.api.Vitp;

/**
 * A stand-in for a toolkit helper that reaches into the runtime, in a {@code dev.vitp.toolkit}
 * package, for {@code ArchitectureRulesBiteTest}: the toolkit rule must flag it.
 */
public final class HelperUsingTheApi {
  private HelperUsingTheApi() {}

  public static String facadeName() {
    return Vitp.class.getSimpleName();
  }
}
