package dev.vitp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FinetuneCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  /** Two colour classes as class folders, in train/ and val/. */
  private Path classFolders() throws Exception {
    Path data = dir.resolve("data");
    SplittableRandom r = new SplittableRandom(1);
    int[][] colours = {{200, 40, 40}, {40, 40, 200}};
    for (String split : List.of("train", "val")) {
      for (int c = 0; c < 2; c++) {
        Path folder = Files.createDirectories(data.resolve(split).resolve("class" + c));
        for (int i = 0; i < 4; i++) {
          BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
          for (int p = 0; p < 32 * 32; p++) {
            int[] k = colours[c];
            img.setRGB(p % 32, p / 32, ((k[0] + r.nextInt(20)) << 16) | ((k[1] + r.nextInt(20)) << 8)
                | (k[2] + r.nextInt(20)));
          }
          ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
        }
      }
    }
    return data;
  }

  @Test
  void finetunePrintsTheBestValidationMetricsAndWritesMetricsJson() throws Exception {
    Path data = classFolders();
    Path result = dir.resolve("out");
    assertEquals(0, run("finetune", "--task", "classification", "--data", data.toString(),
        "--backbone", "random", "--out", result.toString(), "--epochs", "2", "--batch", "4",
        "--image-size", "32", "--lr", "2e-3"), err.toString());
    assertTrue(out.toString().contains("best epoch"), out.toString());
    assertTrue(out.toString().contains("val accuracy="), out.toString());
    JsonNode m = new ObjectMapper().readTree(result.resolve("metrics.json").toFile());
    assertEquals("classification", m.path("task").asText());
    assertEquals("random", m.path("backbone").asText());
    assertEquals(1.0, m.path("fraction").asDouble());
    assertTrue(m.path("best_epoch").asInt() >= 1);
    m.path("val").fields().forEachRemaining(e -> assertTrue(
        e.getValue().asDouble() >= 0 && e.getValue().asDouble() <= 1, e.toString()));
    assertTrue(Files.isRegularFile(result.resolve("best.safetensors")));
  }

  @Test
  void anUnknownTaskIsAUserErrorListingTheHeads() {
    assertEquals(2, run("finetune", "--task", "caption", "--data", dir.toString(), "--backbone",
        "random", "--out", dir.resolve("o").toString()));
    assertTrue(err.toString().contains("caption") && err.toString().contains("detection"),
        err.toString());
  }
}
