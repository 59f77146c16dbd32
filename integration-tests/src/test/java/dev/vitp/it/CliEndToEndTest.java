package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.spi.BackendConfig;
import dev.vitp.spi.VitpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code vitp plugins --json} over every first-party module (and the Kotlin test plugin). */
class CliEndToEndTest {
  private static final Path JAR = Path.of("..", "cli", "target", "vitp.jar");

  @Test
  void pluginsJsonInProcessListsDjlPytorchUniformAndTheKotlinPlugin() throws IOException {
    String out = InProcessCli.ok("plugins", "--json");
    JsonNode plugins = new ObjectMapper().readTree(out).get("plugins");
    assertTrue(names(plugins, "backend").contains("djl-pytorch"), out);
    assertTrue(names(plugins, "tokenDrop").contains("uniform"), out);
    assertTrue(names(plugins, "tokenDrop").contains("acme-stride"), out);
    assertTrue(names(plugins, "instructionSource").contains("acme-inline"), out);
  }

  @Test
  void pluginsJsonFromTheShadedJar() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(JAR),
        "cli/target/vitp.jar is not built (run the full reactor build: mvn -B verify)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-jar",
        JAR.toString(), "plugins", "--json").redirectErrorStream(false).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), stderr);
    assertEquals(1, stdout.strip().lines().count(), stdout);

    JsonNode plugins = new ObjectMapper().readTree(stdout).get("plugins");
    assertTrue(names(plugins, "backend").contains("djl-pytorch"), stdout);
    assertTrue(names(plugins, "tokenDrop").contains("uniform"), stdout);
    for (JsonNode plugin : plugins) {
      assertTrue(plugin.get("location").asText().endsWith("vitp.jar"), stdout);
    }
  }

  @Test
  void djlBackendIsBuiltThroughTheRuntimeFromJson() {
    Vitp vitp = Vitp.create();
    BackendConfig config =
        vitp.readConfig("{\"type\":\"djl-pytorch\",\"threads\":1}", BackendConfig.class);
    assertEquals("djl-pytorch", vitp.backend(config).name());
    VitpException e = assertThrows(VitpException.class, () -> vitp.backend("torch"));
    assertTrue(e.getMessage().startsWith("Unknown backend [torch]; known options ["), e.getMessage());
  }

  private static List<String> names(JsonNode plugins, String kind) {
    List<String> names = new ArrayList<>();
    for (JsonNode plugin : plugins) {
      plugin.get("components").get(kind).forEach(n -> names.add(n.asText()));
    }
    return names;
  }
}
