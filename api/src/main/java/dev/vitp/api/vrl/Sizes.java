package dev.vitp.api.vrl;

import dev.vitp.spi.VitpException;

/** Input checks shared by the strategies. */
final class Sizes {
  private Sizes() {}

  static void check(String name, int batchSize, int tokenCount) {
    if (batchSize < 0 || tokenCount < 0) {
      throw VitpException.userError("Expected batchSize >= 0 and tokenCount >= 0 for tokenDrop ["
          + name + "]. Received: batchSize=" + batchSize + ", tokenCount=" + tokenCount);
    }
  }
}
