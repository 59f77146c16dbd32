package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vitp compare} end to end on a tiny budget (a 4-step pretraining, 1 task, 2 seeds, 1
 * epoch): compare.json has the documented structure, its statistics equal those recomputed from
 * the per-seed metrics.json files, and a rerun reuses every finished fine-tune.
 */
class CompareEndToEndTest {
  /** Student t quantile at 0.975 with 1 degree of freedom (two seeds). */
  private static final double T_975_1 = 12.706204736174698;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void compareJsonHoldsTheStatisticsOfThePerSeedMetrics() throws IOException {
    Path data = dir.resolve("data");
    cli("generate", "--out", data.toString(), "--samples", "40", "--downstream-samples", "40",
        "--seed", "7");
    Path run = dir.resolve("pretrain");
    cli("pretrain", "--recipe", data.resolve("recipe.json").toString(), "--preset", "nano",
        "--steps", "4", "--batch", "4", "--seed", "7", "--checkpoint-every", "0", "--out",
        run.toString());
    Path backbone = dir.resolve("vitp.safetensors");
    cli("export-backbone", "--run", run.toString(), "--out", backbone.toString());

    Path out = dir.resolve("cmp");
    String[] compare = {"compare", "--out", out.toString(), "--data", data.toString(), "--task",
        "classification", "--start", "vitp=" + backbone, "--start", "random_init=random",
        "--seeds", "2", "--fraction", "0.5", "--epochs", "1", "--backend", "jvm"};
    String first = cli(compare);
    assertTrue(first.contains("[4/4] classification"), first);

    JsonNode root = JSON.readTree(out.resolve("compare.json").toFile());
    assertEquals("vitp", root.get("reference").asText());
    assertEquals("[1,2]", root.get("seeds").toString());
    assertEquals(0.95, root.get("confidence").asDouble());
    JsonNode task = root.at("/tasks/classification");
    assertEquals("accuracy", task.get("metric").asText());
    assertEquals(List.of("vitp", "random_init"), names(task.get("starts")));

    double[] vitp = perSeed(out, "vitp");
    double[] random = perSeed(out, "random_init");
    JsonNode v = task.at("/starts/vitp");
    assertEquals(JSON.valueToTree(vitp), v.get("values"));
    assertEquals((vitp[0] + vitp[1]) / 2, v.get("mean").asDouble(), 1e-12);
    assertEquals(Math.abs(vitp[0] - vitp[1]) / Math.sqrt(2), v.get("std").asDouble(), 1e-12);
    assertEquals(2, v.get("n").asInt());
    assertEquals(2, v.get("seconds").size());
    assertTrue(v.get("seconds").get(0).asDouble() > 0, v.toString());
    assertTrue(v.path("vs_reference").isMissingNode(), "the reference has no difference to itself");

    JsonNode r = task.at("/starts/random_init");
    assertEquals(JSON.valueToTree(random), r.get("values"));
    double d0 = vitp[0] - random[0];
    double d1 = vitp[1] - random[1];
    double mean = (d0 + d1) / 2;
    double half = T_975_1 * (Math.abs(d0 - d1) / Math.sqrt(2)) / Math.sqrt(2);
    JsonNode diff = r.get("vs_reference");
    assertEquals("vitp - random_init", diff.get("difference").asText());
    assertEquals(mean, diff.get("mean").asDouble(), 1e-12);
    assertEquals(mean - half, diff.get("ci95_low").asDouble(), 1e-9);
    assertEquals(mean + half, diff.get("ci95_high").asDouble(), 1e-9);
    int randomWins = (random[0] > vitp[0] ? 1 : 0) + (random[1] > vitp[1] ? 1 : 0);
    int vitpAhead = (vitp[0] > random[0] ? 1 : 0) + (vitp[1] > random[1] ? 1 : 0);
    assertEquals(randomWins, r.get("wins").asInt());
    assertEquals(randomWins, diff.get("start_ahead").asInt());
    assertEquals(vitpAhead, diff.get("reference_ahead").asInt());

    String md = Files.readString(out.resolve("compare.md"));
    assertTrue(md.contains("vitp − random_init: ") && md.contains("vitp ahead on " + vitpAhead
        + "/2 seeds"), md);
    assertTrue(Files.size(out.resolve("compare.png")) > 1000);

    // A rerun reuses every finished cell and writes the same numbers.
    Files.delete(out.resolve("compare.json"));
    String second = cli(compare);
    assertTrue(second.contains("finished earlier") && !second.contains("fine-tunes to run"),
        second);
    assertEquals(task.at("/starts/random_init/vs_reference"),
        JSON.readTree(out.resolve("compare.json").toFile())
            .at("/tasks/classification/starts/random_init/vs_reference"));

    // One seed: no std and no interval, said so rather than crashing. Two workers (child JVMs)
    // run a cell each.
    Path single = dir.resolve("single");
    String log = cli("compare", "--out", single.toString(), "--data", data.toString(), "--task",
        "classification", "--start", "vitp=" + backbone, "--start", "random_init=random",
        "--seed-list", "3", "--fraction", "0.5", "--epochs", "1", "--backend", "jvm",
        "--parallel", "2");
    assertTrue(log.contains("w1 [1/1] classification   vitp") && log.contains("w2 [1/1] "
        + "classification   random_init"), log);
    assertEquals(cellValue(single, "random_init", 3), JSON.readTree(single.resolve(
        "compare.json").toFile()).at("/tasks/classification/starts/random_init/values/0")
        .asDouble(), 0.0);
    JsonNode one = JSON.readTree(single.resolve("compare.json").toFile())
        .at("/tasks/classification/starts/random_init");
    assertTrue(one.get("std").isNull() && one.at("/vs_reference/ci95_low").isNull(),
        one.toString());
    assertTrue(Files.readString(single.resolve("compare.md")).contains("one seed: no interval"));
  }

  private static double[] perSeed(Path out, String start) throws IOException {
    return new double[] {cellValue(out, start, 1), cellValue(out, start, 2)};
  }

  private static double cellValue(Path out, String start, int seed) throws IOException {
    Path metrics = out.resolve("classification").resolve(start).resolve("seed-" + seed)
        .resolve("metrics.json");
    return JSON.readTree(metrics.toFile()).at("/val/accuracy").asDouble(Double.NaN);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String cli(String... args) {
    return InProcessCli.ok(args);
  }
}
