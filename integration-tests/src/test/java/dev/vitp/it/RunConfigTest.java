package dev.vitp.it;

import dev.vitp.it.InProcessCli.Result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.RunConfig;
import dev.vitp.api.Vitp;
import dev.vitp.api.train.StepMetrics;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainListener;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.spi.data.GenerationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretraining run is its config: a YAML file makes the same run as the same flags, the saved
 * config resumes an interrupted run exactly, and a changed setting on resume is applied and said,
 * or refused, never ignored.
 */
class RunConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static String recipe;

  @BeforeAll
  static void generate() {
    Path data = dir.resolve("data");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 32, 5, 64).withThreads(2).withDownstreamSamples(0));
    recipe = data.resolve("recipe.json").toAbsolutePath().toString();
  }

  private static Result vitp(String... args) {
    return InProcessCli.vitp(args);
  }

  private static List<Double> losses(Path run) throws Exception {
    List<Double> losses = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      losses.add(JSON.readTree(line).get("loss").asDouble());
    }
    return losses;
  }

  @Test
  void aYamlConfigMakesTheSameRunAsTheSameFlagsAndTheSavedConfigResumesItExactly()
      throws Exception {
    Path flags = dir.resolve("flags");
    Result byFlags = vitp("pretrain", "--recipe", recipe, "--steps", "4", "--batch", "2",
        "--drop-ratio", "0.5", "--lr", "2e-3", "--workers", "1", "--backend", "jvm", "--out",
        flags.toString());
    assertEquals(0, byFlags.exit(), byFlags.err());

    Path yaml = dir.resolve("run.yaml");
    Files.writeString(yaml, String.join("\n",
        "source: {type: internvl-jsonl, recipe: '" + recipe + "'}",
        "tokenDrop: {type: uniform, ratio: 0.5}",
        "backend: {type: jvm}",
        "workers: 1",
        "train:",
        "  steps: 4",
        "  batchSize: 2",
        "  lr: 0.002",
        ""));
    Path byFile = dir.resolve("file");
    Result fromYaml = vitp("pretrain", "--config", yaml.toString(), "--out", byFile.toString());
    assertEquals(0, fromYaml.exit(), fromYaml.err());
    assertEquals(losses(flags), losses(byFile), "the same loss at every step");
    assertEquals(JSON.readTree(flags.resolve("run.json").toFile()),
        JSON.readTree(byFile.resolve("run.json").toFile()), "the same resolved config");

    // Interrupted after two steps (the facade, as a Java user would), then resumed from the CLI
    // with nothing but the folder: the remaining steps repeat the uninterrupted run's losses.
    Vitp vitp = Vitp.create();
    RunConfig config = vitp.runConfig(vitp.readConfigFile(flags.resolve("run.json")));
    Path interrupted = dir.resolve("interrupted");
    StopSignal stop = StopSignal.manual();
    vitp.pretrain(config, interrupted, stop, List.of(new TrainListener() {
      @Override
      public void onStep(StepMetrics metrics, long totalSteps) {
        if (metrics.step() == 2) {
          stop.request();
        }
      }
    }));
    assertEquals(2, losses(interrupted).size());
    Result resumed = vitp("pretrain", "--resume", "--out", interrupted.toString());
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("Resuming " + interrupted + " at step 2 of 4"), resumed.out());
    assertEquals(losses(flags), losses(interrupted));
  }

  @Test
  void aChangedSettingOnResumeIsAppliedAndSaidOrRefused() throws Exception {
    Path run = dir.resolve("resume");
    assertEquals(0, vitp("pretrain", "--recipe", recipe, "--steps", "2", "--batch", "2",
        "--workers", "1", "--backend", "jvm", "--out", run.toString()).exit());

    Result changed = vitp("pretrain", "--resume", "--out", run.toString(), "--lr", "0.01",
        "--drop-ratio", "0.5");
    assertEquals(2, changed.exit());
    assertEquals(1, changed.err().strip().lines().count(), changed.err());
    assertTrue(changed.err().contains("train.lr 0.001 -> 0.01")
        && changed.err().contains("tokenDrop.ratio 0.75 -> 0.5"), changed.err());

    Result longer = vitp("pretrain", "--resume", "--out", run.toString(), "--steps", "3");
    assertEquals(2, longer.exit());
    assertTrue(longer.err().contains("train.steps 2 -> 3") && longer.err().contains("--extend"),
        longer.err());

    Result applied = vitp("pretrain", "--resume", "--extend", "--steps", "3", "--workers", "2",
        "--out", run.toString());
    assertEquals(0, applied.exit(), applied.err());
    assertTrue(applied.out().contains("Applied on resume: train.steps 2 -> 3"), applied.out());
    assertTrue(applied.out().contains("Applied on resume: workers 1 -> 2"), applied.out());
    JsonNode saved = JSON.readTree(run.resolve("run.json").toFile());
    assertEquals(3, saved.at("/train/steps").asInt());
    assertEquals(2, saved.get("workers").asInt());
    assertEquals(3, losses(run).size());
  }
}
