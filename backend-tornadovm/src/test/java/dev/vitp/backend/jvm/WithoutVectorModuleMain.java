package dev.vitp.backend.jvm;

import dev.vitp.spi.VitpException;

/** Run by {@link VectorModuleTest} in a JVM started without {@code jdk.incubator.vector}. */
public final class WithoutVectorModuleMain {
  private WithoutVectorModuleMain() {}

  public static void main(String[] args) {
    try {
      new JvmBackend(new JvmBackendConfig(1));
      System.out.println("STARTED");
    } catch (VitpException e) {
      System.out.println(e.code() + ": " + e.getMessage());
    }
  }
}
