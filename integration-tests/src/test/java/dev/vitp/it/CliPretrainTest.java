package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.cli.VitpCli;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vitp pretrain}, {@code --resume} and {@code export-backbone} on a small generated
 * remote-sensing recipe, through the CLI entry point.
 */
class CliPretrainTest {
  private static Path data;

  @BeforeAll
  static void generate() throws Exception {
    data = Files.createTempDirectory("rs");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 48, 3, 64).withThreads(2).withDownstreamSamples(0));
  }

  @Test
  void pretrainsResumesAndExportsAnInternVitBackbone() throws Exception {
    Path run = Files.createTempDirectory("run").resolve("nano");
    String recipe = data.resolve("recipe.json").toString();
    assertEquals(0, VitpCli.execute("pretrain", "--recipe", recipe, "--steps", "3", "--batch",
        "4", "--out", run.toString(), "--checkpoint-every", "2", "--workers", "1"));
    assertEquals(2, VitpCli.execute("pretrain", "--recipe", recipe, "--steps", "3", "--out",
        run.toString()), "a second run into the same folder needs --resume");
    assertEquals(0, VitpCli.execute("pretrain", "--steps", "5", "--out", run.toString(),
        "--resume", "--extend", "--workers", "1"));
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(5, lines.size(), "one metrics line per step across the resume");
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 5; i++) {
      assertEquals(i + 1, json.readTree(lines.get(i)).get("step").asInt());
      assertEquals(4, json.readTree(lines.get(i)).get("kept_image_tokens").asInt(), "VRL r=0.75");
    }
    Path backbone = run.resolveSibling("backbone.safetensors");
    assertEquals(0, VitpCli.execute("export-backbone", "--run", run.toString(), "--out",
        backbone.toString()));
    try (SafeTensorsFile f = SafeTensorsFile.open(backbone)) {
      assertTrue(f.contains("embeddings.class_embedding"));
      assertTrue(f.contains("encoder.layers.3.mlp.fc2.weight"));
      assertTrue(f.names().stream().noneMatch(n -> n.startsWith("vision_model.")
          || n.startsWith("language_model.") || n.startsWith("optimizer.")));
    }
    assertTrue(Files.exists(run.resolveSibling("backbone.json")));

    Path images = Files.createTempDirectory("images");
    try (var pngs = Files.walk(data.resolve("rs_optical"))) {
      for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).sorted().limit(4).toList()) {
        Files.copy(png, images.resolve(png.getFileName()));
      }
    }
    Files.writeString(images.resolve("broken.png"), "not a png");
    for (String pool : new String[] {"cls", "none"}) {
      Path features = images.resolveSibling("features-" + pool + ".safetensors");
      assertEquals(0, VitpCli.execute("embed", "--backbone", backbone.toString(), "--images",
          images.toString(), "--out", features.toString(), "--pool", pool));
      try (SafeTensorsFile f = SafeTensorsFile.open(features)) {
        var shape = f.entry("features").shape();
        assertEquals(pool.equals("cls") ? 2 : 3, shape.rank());
        assertEquals(4, shape.dim(0), "four images, the broken one skipped");
        assertEquals(128, shape.dim(-1));
        if (pool.equals("none")) {
          assertEquals(1 + 8 * 8, shape.dim(1));
        }
      }
      var index = json.readTree(features.resolveSibling(features.getFileName() + ".json")
          .toFile());
      assertEquals(4, index.get("images").size());
      assertTrue(index.get("skipped").has("broken.png"));
    }
  }
}
