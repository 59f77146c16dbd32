package dev.vitp.api.vrl;

import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.SplittableRandom;

/** {@code none}: every sample keeps all of its image tokens, in order. */
public final class NoTokenDrop implements TokenDropStrategy {
  @Override
  public KeptTokens select(int batchSize, int tokenCount, SplittableRandom random) {
    Sizes.check("none", batchSize, tokenCount);
    return KeptTokens.all(batchSize, tokenCount);
  }

  @Override
  public String toString() {
    return "NoTokenDrop";
  }
}
