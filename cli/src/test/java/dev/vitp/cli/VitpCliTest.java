package dev.vitp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.Presets;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VitpCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Supplier<Vitp> vitp, String... args) {
    CommandLine cmd = VitpCli.commandLine(vitp);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private int run(String... args) {
    return run(Vitp::create, args);
  }

  @Test
  void pluginsJsonIsOneObjectWithEveryKindKey() throws Exception {
    assertEquals(0, run("plugins", "--json"));
    assertEquals("", err.toString());
    String text = out.toString().trim();
    assertFalse(text.contains("\n"), text);
    JsonNode root = new ObjectMapper().readTree(text);
    assertEquals(List.of("plugins", "backends", "autoBackend"), iterable(root.fieldNames()));
    Map<String, String> capabilities = new java.util.TreeMap<>();
    for (JsonNode b : root.get("backends")) {
      assertEquals(List.of("name", "rank", "capabilities", "description"),
          iterable(b.fieldNames()));
      capabilities.put(b.get("name").asText(), b.get("capabilities").toString());
    }
    assertEquals(Map.of("jvm", "[\"inference\",\"training\"]",
        "djl-pytorch", "[\"inference\",\"training\"]", "djl-tensorflow", "[\"inference\"]"),
        capabilities, text);
    assertEquals("jvm", root.at("/autoBackend/training/name").asText(), text);
    assertTrue(root.at("/autoBackend/training/reason").asText().contains("jvm 20, djl-pytorch 10"),
        text);
    JsonNode core = null;
    for (JsonNode plugin : root.get("plugins")) {
      assertEquals(List.of("id", "class", "location", "components"), iterable(plugin.fieldNames()));
      // every kind, in ComponentKind order: backend, tokenDrop, instructionSource, …
      assertEquals(java.util.Arrays.stream(ComponentKind.values()).map(ComponentKind::key).toList(),
          iterable(plugin.get("components").fieldNames()));
      if (plugin.get("id").asText().equals("core")) {
        core = plugin;
      }
    }
    assertTrue(core != null, text);
    assertEquals("dev.vitp.api.CorePlugin", core.get("class").asText());
    assertEquals("[\"none\",\"shuffle\",\"uniform\"]", core.get("components").get("tokenDrop").toString());
    assertEquals("[\"auto\"]", core.get("components").get("backend").toString());
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void benchJsonNamesTheBackendThatRanAndItsShareOfItsMatmulPeak() throws Exception {
    assertEquals(0, run("bench", "--steps", "1", "--warmup", "0", "--batch", "2", "--json"),
        err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertEquals("training", result.get("mode").asText());
    assertEquals("jvm", result.get("backend").asText(), "auto on a CPU-only machine");
    assertEquals(Presets.get("nano").trainingFlopsPerImage(4, 512) / 1e9,
        result.get("gflop_per_image").asDouble(), 1e-9);
    double gflops = result.get("gflops").asDouble();
    double peak = result.get("matmul_peak_gflops").asDouble();
    assertTrue(gflops > 0 && peak > 0, result.toString());
    assertEquals(gflops / peak, result.get("share_of_peak").asDouble(), 1e-9);
  }

  @Test
  void benchInferenceTimesTheVitForwardWithItsOwnFlopCount() throws Exception {
    assertEquals(0, run("bench", "--inference", "--steps", "1", "--warmup", "0", "--batch", "2",
        "--json"), err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertEquals("inference", result.get("mode").asText());
    assertEquals("jvm", result.get("backend").asText());
    assertEquals(Presets.get("nano").vitForwardFlopsPerImage() / 1e9,
        result.get("gflop_per_image").asDouble(), 1e-9);
    assertEquals(64, result.get("kept_image_tokens").asInt(), "every patch token");
    assertTrue(result.get("images_per_s").asDouble() > 0, result.toString());
  }

  @Test
  void pluginsTableIsReadable() {
    assertEquals(0, run("plugins"));
    String text = out.toString();
    assertTrue(text.startsWith("PLUGIN"), text);
    assertTrue(text.contains("core") && text.contains("tokenDrop")
        && text.contains("none, shuffle, uniform") && text.contains("dev.vitp.api.CorePlugin"), text);
  }

  @Test
  void demoHelpShowsItsBudgetOptions() {
    assertEquals(0, run("demo", "--help"));
    for (String option : new String[] {"--out", "--backend", "--pretrain-steps", "--fraction"}) {
      assertTrue(out.toString().contains(option), out.toString());
    }
  }

  @Test
  void vitpExceptionIsOneLineAndExitCodeFollowsTheErrorCode() {
    for (ErrorCode code : ErrorCode.values()) {
      err.getBuffer().setLength(0);
      int exit = run(() -> {
        throw new VitpException(code, "Expected x. Received: x=1");
      }, "plugins");
      assertEquals(VitpCli.exitCode(code), exit);
      // The line names the command it is about.
      assertEquals("vitp plugins: Expected x. Received: x=1" + System.lineSeparator(),
          err.toString());
    }
    assertEquals(2, VitpCli.exitCode(ErrorCode.USER_ERROR));
    assertEquals(3, VitpCli.exitCode(ErrorCode.UNSUPPORTED));
    assertEquals(4, VitpCli.exitCode(ErrorCode.BACKEND_FAILURE));
    assertEquals(70, VitpCli.exitCode(ErrorCode.INTERNAL));
  }

  @Test
  void brokenPluginSetIsReportedWithoutAStackTrace() {
    int exit = run(() -> Vitp.builder().plugin(new Dup("x")).plugin(new Dup("y")).build(), "plugins");
    assertEquals(2, exit);
    String text = err.toString();
    assertTrue(text.startsWith("vitp plugins: Duplicate tokenDrop [uniform]"), text);
    assertEquals(1, text.lines().count(), text);
    assertFalse(text.contains("\tat "), text);
  }

  /** Contributes tokenDrop [uniform] again. */
  record Dup(String id) implements VitpPlugin {
    @Override public List<dev.vitp.spi.TokenDropFactory> tokenDrops() {
      return List.of(dev.vitp.spi.TokenDropFactory.of("uniform", Cfg.class,
          c -> (b, n, r) -> dev.vitp.spi.vrl.KeptTokens.all(b, n)));
    }
  }

  record Cfg() implements dev.vitp.spi.TokenDropConfig {}

  @Test
  void stacktraceFlagPrintsTheTrace() {
    Supplier<Vitp> failing = () -> {
      throw VitpException.userError("Expected y. Received: y=2");
    };
    assertEquals(2, run(failing, "plugins", "--stacktrace"));
    assertTrue(err.toString().startsWith("vitp plugins: Expected y. Received: y=2"),
        err.toString());
    assertTrue(err.toString().contains("\tat "), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, run(failing, "--stacktrace", "plugins"));
    assertTrue(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void unexpectedExceptionIsInternalWithAHint() {
    int exit = run(() -> {
      throw new IllegalStateException("oops");
    }, "plugins");
    assertEquals(70, exit);
    assertEquals("vitp plugins: internal error: java.lang.IllegalStateException: oops (rerun with "
        + "--stacktrace for details)" + System.lineSeparator(), err.toString());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("plugins", "--nope"));
    assertTrue(err.toString().contains("--nope"), err.toString());
  }

  @Test
  void aMistypedFlagOrValueIsOneLineNotTheUsage() {
    assertEquals(2, run("pretrain", "--out", "x", "--stepz", "3"));
    assertEquals("vitp pretrain: Unknown options: '--stepz', '3' (did you mean --steps or "
        + "--stacktrace?) "
        + "(vitp pretrain --help lists the options)" + System.lineSeparator(), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("generate", "--out", "a\0b"));
    String line = err.toString().strip();
    assertFalse(line.contains("\n"), line);
    assertTrue(line.startsWith("vitp generate: Invalid value for option '--out': 'a\0b' is not a "
        + "path "
        + "this system can name"), line);
    assertFalse(line.contains("UTF-8 locale"), "a NUL is no matter of locale: " + line);
  }

  @Test
  void noSubcommandPrintsUsage() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("plugins"), err.toString());
  }
}
