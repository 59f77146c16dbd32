package dev.vitp.api.testplugins;

import dev.vitp.spi.InstructionSourceFactory;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.TokenDropFactory;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.List;

/** Small plugins the runtime tests load, either as instances or through a services file. */
public final class TestPlugins {
  private TestPlugins() {}

  /** Config of the test strategy {@code echo}. */
  public record EchoConfig() implements TokenDropConfig {}

  static TokenDropFactory echo() {
    return TokenDropFactory.of("echo", EchoConfig.class,
        c -> (batch, tokens, random) -> KeptTokens.all(batch, tokens));
  }

  /** Contributes tokenDrop [echo]. */
  public static final class AlphaPlugin implements VitpPlugin {
    @Override public String id() { return "alpha"; }
    @Override public List<TokenDropFactory> tokenDrops() { return List.of(echo()); }
  }

  /** Also contributes tokenDrop [echo]: a duplicate of {@link AlphaPlugin}. */
  public static final class BetaPlugin implements VitpPlugin {
    @Override public String id() { return "beta"; }
    @Override public List<TokenDropFactory> tokenDrops() { return List.of(echo()); }
  }

  /** Contributes tokenDrop [uniform], clashing with the core plugin. */
  public static final class RivalUniformPlugin implements VitpPlugin {
    @Override public String id() { return "rival"; }
    @Override public List<TokenDropFactory> tokenDrops() {
      return List.of(TokenDropFactory.of("uniform", EchoConfig.class,
          c -> (batch, tokens, random) -> KeptTokens.all(batch, tokens)));
    }
  }

  /** Its constructor throws. */
  public static final class ExplodingConstructorPlugin implements VitpPlugin {
    public ExplodingConstructorPlugin() {
      throw new IllegalStateException("no licence file found");
    }

    @Override public String id() { return "exploding-constructor"; }
  }

  /** Its factory method throws. */
  public static final class ExplodingFactoryPlugin implements VitpPlugin {
    @Override public String id() { return "exploding-factory"; }
    @Override public List<InstructionSourceFactory> instructionSources() {
      throw new IllegalArgumentException("dataset root not set");
    }
  }

  /** Contributes an instruction source of fixed records. */
  public static final class InlineSourcePlugin implements VitpPlugin {
    @Override public String id() { return "inline"; }
    @Override public List<InstructionSourceFactory> instructionSources() {
      return List.of(InstructionSourceFactory.of("inline", InlineConfig.class,
          c -> () -> stream(c.records())));
    }
  }

  /** Config of the test source {@code inline}. */
  public record InlineConfig(List<InstructionRecord> records)
      implements dev.vitp.spi.InstructionSourceConfig {}

  static RecordStream stream(List<InstructionRecord> records) {
    var it = records.iterator();
    return new RecordStream() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public InstructionRecord next() { return it.next(); }
      @Override public void close() {}
    };
  }
}
