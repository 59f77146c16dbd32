package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.vitp.AcmePlugin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.kotlin.KotlinModule;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.data.GenerationRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's view: the Kotlin plugin is packed into its own jar, dropped with its libraries
 * into a plugins folder, and used by the real {@code ./vitp} launcher — with no rebuild of vitp
 * and nothing of it on vitp's class path.
 */
@Tag("slow")
class PluginFolderLauncherTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path plugins;
  private static Path data;

  @BeforeAll
  static void packThePluginAndGenerateData() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/vitp.jar")),
        "cli/target/vitp.jar is not built (run the full reactor build: mvn -B verify)");
    // plugins/acme/: the plugin's own jar beside the libraries it needs (Kotlin, Jackson's
    // Kotlin module), in one class loader of their own.
    Path bundle = Files.createDirectories(dir.resolve("plugins").resolve("acme"));
    Path classes = Path.of(AcmePlugin.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(bundle.resolve("acme.jar")));
        Stream<Path> files = Files.walk(classes.resolve("com/acme"))) {
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().contains("Test")).sorted().toList()) {
        put(jar, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
      put(jar, "META-INF/services/" + VitpPlugin.class.getName(),
          (AcmePlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Class<?> library : List.of(kotlin.Unit.class, kotlin.reflect.full.KClasses.class,
        KotlinModule.class)) {
      Path jar = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
      Files.copy(jar, bundle.resolve(jar.getFileName()));
    }
    plugins = bundle.getParent();
    data = dir.resolve("data");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 24, 3, 64).withThreads(2).withDownstreamSamples(16));
  }

  private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(bytes);
    jar.closeEntry();
  }

  @Test
  void aPluginJarInTheFolderIsUsedByPretrainAndFinetuneThroughTheLauncher() throws Exception {
    Path run = dir.resolve("run-stride");
    Result listed = vitp(Map.of(), "--plugins", plugins.toString(), "plugins", "--json");
    assertEquals(0, listed.exit, listed.stderr);
    JsonNode acme = null;
    for (JsonNode plugin : JSON.readTree(listed.stdout).get("plugins")) {
      if (plugin.get("id").asText().equals("acme")) {
        acme = plugin;
      }
    }
    assertTrue(acme != null && acme.get("location").asText().endsWith("acme.jar"), listed.stdout);

    Result pretrain = vitp(Map.of(), "--plugins", plugins.toString(), "pretrain", "--recipe",
        data.resolve("recipe.json").toString(), "--token-drop",
        "{\"type\":\"acme-stride\",\"stride\":2}", "--steps", "2", "--batch", "2", "--workers",
        "1", "--out", run.toString());
    assertEquals(0, pretrain.exit, pretrain.stderr);
    JsonNode saved = JSON.readTree(run.resolve("run.json").toFile());
    assertEquals("acme-stride", saved.at("/tokenDrop/type").asText(), saved.toString());
    assertEquals(2, saved.at("/tokenDrop/stride").asInt());
    assertEquals("acme", saved.at("/plugins/tokenDrop/plugin").asText());
    assertTrue(saved.at("/plugins/tokenDrop/location").asText().startsWith(plugins.toString()));
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      assertEquals(8, JSON.readTree(line).get("kept_image_tokens").asInt(), "every 2nd of 16");
    }

    Path backbone = dir.resolve("backbone.safetensors");
    assertEquals(0, vitp(Map.of(), "export-backbone", "--run", run.toString(), "--out",
        backbone.toString()).exit);
    Path finetuned = dir.resolve("ft");
    Result finetune = vitp(Map.of("VITP_PLUGIN_PATH", plugins.toString()), "finetune", "--task",
        "classification", "--data", data.resolve("downstream/scene-classification").toString(),
        "--backbone", backbone.toString(), "--epochs", "1", "--batch", "4", "--corruptions",
        "acme-speckle,gaussian-noise", "--severities", "1,5", "--out", finetuned.toString());
    assertEquals(0, finetune.exit, finetune.stderr);
    // The plugin's corruption scores the fine-tuned model beside a built-in one.
    JsonNode robustness = JSON.readTree(finetuned.resolve("robustness.json").toFile());
    assertEquals(List.of("acme-speckle", "gaussian-noise"),
        names(robustness.get("corruptions")), robustness.toString());
    assertTrue(robustness.at("/corruptions/acme-speckle/by_severity/5").isNumber(),
        robustness.toString());
    JsonNode ft = JSON.readTree(finetuned.resolve("finetune.json").toFile());
    assertEquals("classification", ft.at("/head/type").asText(), ft.toString());
    assertEquals("supervised", ft.at("/recipe/type").asText(), ft.toString());
    assertTrue(Files.isRegularFile(finetuned.resolve("metrics.json")));
  }

  @Test
  void thePluginsInstructionSourceFeedsPretrainingByName() throws Exception {
    Path image;
    try (Stream<Path> pngs = Files.walk(data.resolve("rs_optical"))) {
      image = pngs.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
    }
    Path run = dir.resolve("run-inline");
    String source = JSON.writeValueAsString(Map.of("type", "acme-inline", "image",
        image.toString(), "answers", List.of("a harbour with three ships", "an airport",
            "two fields", "a river")));
    Result pretrain = vitp(Map.of("VITP_PLUGIN_PATH", plugins.toString()), "pretrain",
        "--source", source, "--steps", "2", "--batch", "2", "--workers", "1", "--out",
        run.toString());
    assertEquals(0, pretrain.exit, pretrain.stderr);
    JsonNode saved = JSON.readTree(run.resolve("run.json").toFile());
    assertEquals("acme-inline", saved.at("/source/type").asText(), saved.toString());
    assertEquals("acme", saved.at("/plugins/instructionSource/plugin").asText());
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
  }

  @Test
  void thePluginsObjectivePretrainsTheViTByName() throws Exception {
    Path run = dir.resolve("run-colour");
    Result pretrain = vitp(Map.of(), "--plugins", plugins.toString(), "pretrain", "--objective",
        "acme-mean-colour", "--images", data.resolve("rs_optical").toString(), "--steps", "2",
        "--batch", "2", "--workers", "1", "--out", run.toString());
    assertEquals(0, pretrain.exit, pretrain.stderr);
    JsonNode saved = JSON.readTree(run.resolve("run.json").toFile());
    assertEquals("acme-mean-colour", saved.at("/objective/type").asText(), saved.toString());
    assertEquals("acme", saved.at("/plugins/objective/plugin").asText());
    assertEquals("image-folder", saved.at("/source/type").asText());
    assertEquals(0, vitp(Map.of(), "export-backbone", "--run", run.toString(), "--out",
        dir.resolve("colour.safetensors").toString()).exit);
  }

  @Test
  void aBrokenPluginJarStopsStartupWithOneLineNamingTheJar() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken-plugins"));
    try (JarOutputStream jar = new JarOutputStream(
        Files.newOutputStream(broken.resolve("broken.jar")))) {
      put(jar, "META-INF/services/" + VitpPlugin.class.getName(),
          "com.acme.vitp.Missing\n".getBytes(StandardCharsets.UTF_8));
    }
    Result result = vitp(Map.of(), "--plugins", broken.toString(), "plugins");
    assertEquals(2, result.exit, result.stderr);
    List<String> lines = result.stderr.lines()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    assertEquals(1, lines.size(), result.stderr);
    assertTrue(lines.get(0).contains("broken.jar") && lines.get(0).contains("com.acme.vitp.Missing"),
        lines.get(0));

    Result missing = vitp(Map.of(), "--plugins", dir.resolve("nowhere").toString(), "plugins");
    assertEquals(2, missing.exit, missing.stderr);
    assertTrue(missing.stderr.contains("Expected a plugin folder"), missing.stderr);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private record Result(int exit, String stdout, String stderr) {}

  /** {@code ./vitp ARGS} from the repository root, with a home of its own (no ~/.vitp). */
  private static Result vitp(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("vitp").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder.environment().put("HOME", dir.toString());
    builder.environment().remove("VITP_PLUGIN_PATH");
    builder.environment().putAll(env);
    Path stdout = Files.createTempFile(dir, "out", ".txt");
    Path stderr = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .start();
    try (OutputStream in = process.getOutputStream()) {
      // no input
    }
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "vitp " + String.join(" ", args));
    return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
