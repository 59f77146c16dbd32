package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each DJL backend starts with no network at all: a fresh JVM, DJL offline, every HTTP(S) proxy
 * pointed at a closed local port, empty DJL and engine caches (and a fresh user.home). It must
 * start, run an op and exit 0, and the engine's natives must have been extracted into the fresh
 * engine cache, i.e. they came from the Maven jars on the classpath, not from a download or an old
 * cache.
 */
class OfflineStartTest {
  /** Variables that would override the -D settings below (DJL reads env first). */
  private static final List<String> DJL_ENV = List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR",
      "DJL_OFFLINE", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
      "PYTORCH_PRECXX11", "PYTORCH_EXTRA_LIBRARY_PATH", "TENSORFLOW_LIBRARY_PATH", "http_proxy", "https_proxy", "HTTP_PROXY",
      "HTTPS_PROXY");

  @ParameterizedTest
  @CsvSource({
      "djl-pytorch, pytorch, libtorch_cpu.so, libdjl_torch.so",
      "djl-tensorflow, tensorflow, libtensorflow_cc.so.2, libjnitensorflow.so"})
  void startsOfflineWithNativesFromTheMavenJars(String backend, String engineFolder,
      String engineLibrary, String jniLibrary, @TempDir Path tmp) throws Exception {
    Path djlCache = tmp.resolve("djl-cache");
    Path engineCache = tmp.resolve("engine-cache");
    int closedPort = closedPort();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath,
        "-Dai.djl.offline=true",
        "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + closedPort,
        "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + closedPort,
        "-Dhttp.nonProxyHosts=",
        "-DDJL_CACHE_DIR=" + djlCache,
        "-DENGINE_CACHE_DIR=" + engineCache,
        "-Duser.home=" + tmp.resolve("home"),
        OfflineStartMain.class.getName(), backend);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    DJL_ENV.forEach(env::remove);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "forked JVM did not finish: " + output);
    assertEquals(0, process.exitValue(), "forked JVM failed:\n" + output);
    assertTrue(output.contains("OFFLINE-OK 5.0"), output);

    List<String> extracted;
    try (Stream<Path> files = Files.walk(engineCache)) {
      extracted = files.filter(Files::isRegularFile)
          .map(p -> engineCache.relativize(p).toString())
          .collect(Collectors.toList());
    }
    assertTrue(extracted.stream().anyMatch(p -> p.endsWith(engineLibrary)),
        backend + " natives not extracted into the fresh engine cache: " + extracted);
    assertTrue(extracted.stream().anyMatch(p -> p.endsWith(jniLibrary)),
        backend + "'s JNI library not extracted into the fresh engine cache: " + extracted);
    assertTrue(extracted.stream().allMatch(p -> p.startsWith(engineFolder)), extracted.toString());
    System.out.println("OfflineStartTest: forked JVM said: " + output.strip()
        + "; extracted " + extracted);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
