package dev.vitp.api;

import dev.vitp.api.text.WordTokenizer;
import dev.vitp.api.vrl.NoDropConfig;
import dev.vitp.api.vrl.ShuffleDropConfig;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.conformance.contracts.TokenDropContract;
import dev.vitp.conformance.contracts.TokenizerContract;
import dev.vitp.spi.text.Tokenizer;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.List;

/** The core plugin's token-drop strategies and tokenizer keep the shipped contracts. */
class BuiltInContractsTest {
  private static final Vitp VITP = Vitp.create();

  static class UniformAtTheDefaultRatio implements TokenDropContract {
    @Override
    public TokenDropStrategy strategy() {
      return VITP.tokenDrop(new UniformDropConfig(0.75, 1.0));
    }
  }

  static class UniformOnAQuarterOfTheSteps implements TokenDropContract {
    @Override
    public TokenDropStrategy strategy() {
      return VITP.tokenDrop(new UniformDropConfig(0.9, 0.25));
    }
  }

  static class NoDrop implements TokenDropContract {
    @Override
    public TokenDropStrategy strategy() {
      return VITP.tokenDrop(new NoDropConfig());
    }
  }

  static class Shuffle implements TokenDropContract {
    @Override
    public TokenDropStrategy strategy() {
      return VITP.tokenDrop(new ShuffleDropConfig(1.0));
    }

    @Override
    public boolean keepsOrder() {
      return false;
    }
  }

  static class Word implements TokenizerContract {
    @Override
    public Tokenizer tokenizer() {
      return WordTokenizer.fit(List.of("the harbour has three ships", "a river and two fields",
          "<ref>ship</ref><box>[[10,20,300,400]]</box> the ship"), 4096, 1);
    }
  }
}
