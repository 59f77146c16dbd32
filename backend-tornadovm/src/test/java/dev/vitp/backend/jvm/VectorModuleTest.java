package dev.vitp.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the backend refuses to start with a message
 * that says what to add (rather than a NoClassDefFoundError in the middle of a step).
 */
class VectorModuleTest {
  @Test
  void aJvmWithoutTheVectorModuleGetsAClearError() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, WithoutVectorModuleMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "forked JVM did not finish: " + output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("BACKEND_FAILURE: Backend [jvm] needs the JDK module "
        + "jdk.incubator.vector"), output);
    assertTrue(output.contains("--add-modules jdk.incubator.vector"), output);
  }
}
