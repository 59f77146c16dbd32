package dev.vitp.backend.djl;

import ai.djl.engine.Engine;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import java.util.Set;

/**
 * The vitp backend on TensorFlow 2.16 (CPU) through DJL's TensorFlow engine: every op of the
 * contract, forward only. DJL's TensorFlow engine records no gradients (its {@code
 * GradientCollector} is not implemented), so this backend has {@link Capability#INFERENCE} and not
 * {@link Capability#TRAINING}: commands that train refuse it before any work, a TRAINING step is
 * refused with UNSUPPORTED, and {@code embed} and {@code bench --inference} run on it.
 *
 * <p>Natives: {@link TensorflowNatives}, from the {@code tensorflow-core-native} Maven jar,
 * offline.
 */
public final class DjlTensorflowBackend extends AbstractBackend {
  /** The name configs and the CLI select this backend by. */
  public static final String NAME = "djl-tensorflow";

  /** DJL's switch for TensorFlow's intra-op pool, read when the engine starts. */
  private static final String INTRA_OP_PROPERTY = "ai.djl.tensorflow.num_intraop_threads";

  private final Engine engine;

  /** A backend with the default config (TensorFlow's own thread pools). */
  public DjlTensorflowBackend() {
    this(DjlTensorflowConfig.defaults());
  }

  public DjlTensorflowBackend(DjlTensorflowConfig config) {
    super(NAME, Set.of(Capability.INFERENCE));
    DjlOffline.ensure();
    try {
      TensorflowNatives.prepare();
      if (config.threads() != null && System.getProperty(INTRA_OP_PROPERTY) == null) {
        System.setProperty(INTRA_OP_PROPERTY, String.valueOf(config.threads()));
      }
      this.engine = Engine.getEngine("TensorFlow");
    } catch (VitpException e) {
      throw e;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw VitpException.backendFailure(
          "Backend [" + NAME + "] could not start TensorFlow through DJL (offline, natives from "
              + "org.tensorflow:tensorflow-core-native:linux-x86_64 on the classpath, or "
              + TensorflowNatives.LIBRARY_PATH + "). Received: " + e, e);
    }
  }

  @Override
  public BackendSession newSession(long seed) {
    return new TfSession(this, seed);
  }

  /** The DJL TensorFlow engine this backend runs on. */
  Engine engine() {
    return engine;
  }

  @Override
  protected String details() {
    return "TensorFlow " + engine.getVersion();
  }
}
