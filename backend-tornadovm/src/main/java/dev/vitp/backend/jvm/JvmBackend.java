package dev.vitp.backend.jvm;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.AbstractBackend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import java.util.Set;

/**
 * The vitp backend on hand-written JVM kernels: every op of the contract, training and inference,
 * no native code. The kernels are written in TornadoVM's kernel style (see {@link
 * dev.vitp.backend.jvm.kernels}); TornadoVM's own runtime is not available from the Maven
 * repositories this project builds from, so a JVM executor runs them (a fixed thread pool for the
 * parallel loops, the Vector API for the inner loops).
 *
 * <p>Needs the incubating module {@code jdk.incubator.vector} at run time ({@code java
 * --add-modules jdk.incubator.vector}); the constructor says so plainly when it is missing.
 */
public final class JvmBackend extends AbstractBackend {
  /** The name configs and the CLI select this backend by. */
  public static final String NAME = "jvm";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private final int threads;
  private final JvmExecutor executor;

  /** A backend with the default config (threads = available processors). */
  public JvmBackend() {
    this(JvmBackendConfig.defaults());
  }

  public JvmBackend(JvmBackendConfig config) {
    super(NAME, Set.of(Capability.INFERENCE, Capability.TRAINING));
    requireVectorModule();
    this.threads = config.resolvedThreads();
    this.executor = new JvmExecutor(threads);
  }

  /** Whether the Vector API module is in the boot layer, as the kernels need. */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /** Fails with BACKEND_FAILURE unless the Vector API module is in the boot layer. */
  static void requireVectorModule() {
    if (!vectorModulePresent()) {
      throw VitpException.backendFailure("Backend [" + NAME + "] needs the JDK module "
          + VECTOR_MODULE + " (its kernels use the Vector API). Expected the JVM to be started "
          + "with --add-modules " + VECTOR_MODULE + " (the ./vitp launcher does; for other "
          + "launchers add it to the java command or JDK_JAVA_OPTIONS). Received: java.version="
          + System.getProperty("java.version") + " without that module", null);
    }
  }

  @Override
  public BackendSession newSession(long seed) {
    return new JvmSession(this, seed);
  }

  /** The threads the kernels run on. */
  public int threads() {
    return threads;
  }

  JvmExecutor executor() {
    return executor;
  }

  @Override
  protected String details() {
    return "threads=" + threads;
  }
}
