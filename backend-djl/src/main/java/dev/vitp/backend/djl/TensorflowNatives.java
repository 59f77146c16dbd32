package dev.vitp.backend.djl;

import ai.djl.util.Utils;
import com.sun.jna.Function;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Where DJL's TensorFlow engine finds its native libraries: in the Maven artifact
 * {@code org.tensorflow:tensorflow-core-native:1.0.0:linux-x86_64} (TensorFlow 2.16, the version
 * DJL 0.36.0's engine is built against), never on the network.
 *
 * <p>DJL's own lookup wants a {@code native/lib/tensorflow.properties} resource (its
 * {@code tensorflow-native-*} jars, 487 MB for 2.10.1 and not served for 2.16) and otherwise
 * downloads from {@code publish.djl.ai}. TensorFlow Java's jar holds the three libraries under
 * {@code org/tensorflow/internal/c_api/linux-x86_64/}, 149 MB compressed. They are extracted once
 * into DJL's engine cache ({@code ENGINE_CACHE_DIR}, default {@code ~/.djl.ai/tensorflow}) and
 * handed to DJL through {@code TENSORFLOW_LIBRARY_PATH}, DJL's documented override; a
 * {@code TENSORFLOW_LIBRARY_PATH} set by the user wins.
 */
final class TensorflowNatives {
  static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";
  private static final String RESOURCES = "org/tensorflow/internal/c_api/linux-x86_64/";
  /** The JNI library last: its presence marks a complete extraction. */
  private static final List<String> LIBRARIES = List.of("libtensorflow_framework.so.2",
      "libtensorflow_cc.so.2", "libjnitensorflow.so");

  private TensorflowNatives() {}

  /**
   * Makes the natives loadable by DJL: respects a user's {@code TENSORFLOW_LIBRARY_PATH}, else
   * extracts them from the classpath (once per version) and points DJL at them; sets
   * TensorFlow's environment switches ({@link #configureEnvironment}).
   */
  static synchronized void prepare() {
    configureEnvironment();
    if (Utils.getEnvOrSystemProperty(LIBRARY_PATH) != null) {
      return;
    }
    System.setProperty(LIBRARY_PATH, extract().toString());
  }

  /** The folder holding the extracted libraries (extracting them if needed). */
  static Path extract() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw VitpException.unsupported("Backend [" + DjlTensorflowBackend.NAME + "] ships "
          + "TensorFlow natives for linux-x86_64 only. Received: os.name=" + os + ", os.arch="
          + arch + " (set " + LIBRARY_PATH + " to a folder holding libjnitensorflow for yours)");
    }
    Path cache = Utils.getEngineCacheDir("tensorflow");
    Path dir = cache.resolve("core-native-" + jniChecksum() + "-linux-x86_64");
    if (Files.isRegularFile(dir.resolve(LIBRARIES.get(LIBRARIES.size() - 1)))) {
      return dir;
    }
    Path tmp = null;
    try {
      Files.createDirectories(cache);
      tmp = Files.createTempDirectory(cache, "extracting-");
      for (String library : LIBRARIES) {
        try (InputStream in = resource(RESOURCES + library)) {
          Files.copy(in, tmp.resolve(library), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (FileAlreadyExistsException raced) {
        // Another process extracted the same version meanwhile: use theirs.
      }
      return dir;
    } catch (IOException e) {
      throw VitpException.backendFailure("Backend [" + DjlTensorflowBackend.NAME + "] could not "
          + "extract the TensorFlow natives into " + cache + " (set ENGINE_CACHE_DIR to a "
          + "writable folder). Received: " + e, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * The CRC-32 of the JNI library on the classpath, naming its cache folder: another natives jar
   * gets a folder of its own. (Its pom.properties cannot tell: DJL's tensorflow-api jar carries one
   * for tensorflow-core-native too, and a fat jar keeps only one of the two.)
   */
  private static String jniChecksum() {
    CRC32 crc = new CRC32();
    try (InputStream in = resource(RESOURCES + LIBRARIES.get(LIBRARIES.size() - 1))) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw VitpException.backendFailure("Backend [" + DjlTensorflowBackend.NAME + "] could not "
          + "read its JNI library from the classpath. Received: " + e, e);
    }
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TensorflowNatives.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw VitpException.backendFailure("Backend [" + DjlTensorflowBackend.NAME + "] found no "
          + "TensorFlow natives on the classpath. Check that "
          + "org.tensorflow:tensorflow-core-native:1.0.0:linux-x86_64 is on it (or set "
          + LIBRARY_PATH + "). Received: no resource " + name, null);
    }
    return in;
  }

  /**
   * Sets TensorFlow's switches in the process environment, where it reads them (getenv, when the
   * library loads), unless the user set them:
   *
   * <ul>
   *   <li>{@code TF_ENABLE_ONEDNN_OPTS=0}: TensorFlow's own CPU kernels instead of oneDNN's. On the
   *       2-vCPU AMD EPYC (AVX-512) this project is built on, TF 2.16's oneDNN convolution
   *       ({@code brgemm_convolution_fwd_t}) crashed the JVM on the conformance
   *       suite's small convolutions; oneDNN is also what makes TensorFlow's results differ from
   *       run to run.
   *   <li>{@code TF_CPP_MIN_LOG_LEVEL=1}: no INFO lines (CPU-feature notices) on every start.
   * </ul>
   */
  private static void configureEnvironment() {
    setenvUnlessSet("TF_ENABLE_ONEDNN_OPTS", "0");
    setenvUnlessSet("TF_CPP_MIN_LOG_LEVEL", "1");
  }

  private static void setenvUnlessSet(String name, String value) {
    if (System.getenv(name) == null) {
      Function.getFunction("c", "setenv").invokeInt(new Object[] {name, value, 0});
    }
  }

  private static void deleteQuietly(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp folder in the cache is harmless; the next extraction makes a new one.
    }
  }
}
