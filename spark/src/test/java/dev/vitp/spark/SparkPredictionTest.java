package dev.vitp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.cli.VitpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code vitp predict --spark} writes what single-process {@code vitp predict} writes: the parts
 * (one per local core) joined in order give the same tables, arrays, per-class files, overlays,
 * skips and totals.
 */
class SparkPredictionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;

  private static int run(StringWriter console, String... args) {
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(console, true));
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    console.append(err.toString());
    return code;
  }

  @BeforeAll
  static void generate() {
    LocalSpark.session();
    StringWriter console = new StringWriter();
    assertEquals(0, run(console, "generate", "--domain", "remote-sensing", "--out",
        dir.resolve("gen").toString(), "--samples", "24", "--image-size", "32"),
        console.toString());
  }

  @ParameterizedTest
  @CsvSource({"classification, scene-classification, val",
      "detection, object-detection, val/images"})
  void sparkPartsJoinIntoTheSingleProcessPrediction(String task, String data, String images)
      throws Exception {
    Path downstream = dir.resolve("gen/downstream").resolve(data);
    Path model = dir.resolve("ft-" + task);
    StringWriter console = new StringWriter();
    assertEquals(0, run(console, "finetune", "--task", task, "--data", downstream.toString(),
        "--epochs", "1", "--batch", "8", "--backend", "jvm", "--out", model.toString()),
        console.toString());
    // One file that does not decode, among the images: both runs must name it.
    Path input = dir.resolve("input-" + task);
    copyTree(downstream.resolve(images), input);
    Files.writeString(input.resolve("zz-broken.png"), "not an image");

    Path single = dir.resolve("single-" + task);
    Path spark = dir.resolve("spark-" + task);
    assertEquals(0, run(console, "predict", "--model", model.toString(), "--images",
        input.toString(), "--out", single.toString()), console.toString());
    assertEquals(0, run(console, "predict", "--spark", "--model", model.toString(),
        "--images", input.toString(), "--out", spark.toString()), console.toString());
    assertTrue(console.toString().contains("in 2 parts"), console.toString());
    assertFalse(Files.exists(spark.resolve("parts")), "the parts are joined and removed");

    JsonNode one = JSON.readTree(single.resolve("predict.json").toFile());
    JsonNode joined = JSON.readTree(spark.resolve("predict.json").toFile());
    for (String field : new String[] {"task", "predicted", "tiles", "classes", "files",
        "skipped"}) {
      assertEquals(one.get(field), joined.get(field), field);
    }
    assertEquals(1, joined.get("skipped").get("count").asInt());
    for (JsonNode kind : one.get("files")) {
      for (JsonNode name : kind) {
        Path a = single.resolve(name.asText());
        Path b = spark.resolve(name.asText());
        if (name.asText().endsWith(".json")) {
          assertEquals(JSON.readTree(a.toFile()), JSON.readTree(b.toFile()), name.asText());
        } else {
          assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), name.asText());
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
