package dev.vitp.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import java.util.Set;

/**
 * The vitp backend on PyTorch through DJL: every op of the contract, training and inference.
 *
 * <p>DJL never reaches the network from here: {@code ai.djl.offline} is set to {@code true}
 * (unless the caller set it explicitly) before any DJL engine class is initialised, and the
 * native libraries are extracted from the {@code pytorch-native-cpu} and {@code pytorch-jni} jars
 * on the classpath into DJL's cache.
 */
public final class DjlPytorchBackend extends AbstractBackend {
  /** The name configs and the CLI select this backend by. */
  public static final String NAME = "djl-pytorch";

  static {
    DjlOffline.ensure();
  }

  private final Engine engine;
  private final int threads;

  /** A backend with the default config (intra-op threads = available processors). */
  public DjlPytorchBackend() {
    this(DjlPytorchConfig.defaults());
  }

  public DjlPytorchBackend(DjlPytorchConfig config) {
    super(NAME, Set.of(Capability.INFERENCE, Capability.TRAINING));
    DjlOffline.ensure();
    this.threads = config.resolvedThreads();
    try {
      this.engine = Engine.getEngine("PyTorch");
      if (JniUtils.getNumThreads() != threads) {
        JniUtils.setNumThreads(threads);
      }
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw VitpException.backendFailure(
          "Backend [" + NAME + "] could not start PyTorch through DJL (offline, natives from the "
              + "classpath). Check that ai.djl.pytorch:pytorch-native-cpu (linux-x86_64) and "
              + "pytorch-jni are on the classpath and that DJL's cache directory is writable. "
              + "Received: " + e, e);
    }
  }

  @Override
  public BackendSession newSession(long seed) {
    return new DjlSession(this, seed);
  }

  /** The PyTorch intra-op thread count this backend set. */
  public int threads() {
    return threads;
  }

  /** The DJL PyTorch engine this backend runs on. */
  Engine engine() {
    return engine;
  }

  @Override
  protected String details() {
    return "PyTorch " + engine.getVersion() + ", threads=" + threads;
  }
}
