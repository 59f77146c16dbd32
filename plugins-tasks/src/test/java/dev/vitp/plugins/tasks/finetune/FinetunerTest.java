package dev.vitp.plugins.tasks.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.plugins.tasks.TasksPlugin;
import dev.vitp.plugins.tasks.testing.Fixtures;
import dev.vitp.plugins.tasks.testing.TestBackend;
import dev.vitp.plugins.tasks.testing.TinyVit;
import dev.vitp.spi.TaskHeadFactory;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.corruption.Corruption;
import dev.vitp.spi.task.FinetuneResult;
import dev.vitp.spi.task.RobustnessCheck;
import dev.vitp.spi.task.RobustnessScores;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each head trains end to end on a tiny synthetic set in the real format, on a 32-pixel ViT. The
 * thresholds are loose (a few epochs on a dozen images); scores on larger sets come from the
 * downstream benchmark.
 */
class FinetunerTest {
  private Path dir;

  @BeforeEach
  void setUp() {
    dir = Fixtures.tempDir("finetune");
  }

  @AfterEach
  void tearDown() {
    Fixtures.deleteTree(dir);
  }

  /** The plugin's head for {@code task} with its default config, as {@code vitp finetune} builds it. */
  static TaskHeadBuilder head(String task) {
    TaskHeadFactory factory = new TasksPlugin().taskHeads().stream()
        .filter(f -> f.name().equals(task)).findFirst().orElseThrow();
    try {
      return factory.create(factory.configType().getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("A head config needs a no-argument constructor: " + task, e);
    }
  }

  private static FinetuneResult finetune(FinetuneOptions o) {
    return Finetuner.run(TestBackend.get(), TinyVit.builder(), head(o.task()), o, null, e -> {});
  }

  private FinetuneResult run(String task, int epochs, float lr) {
    FinetuneOptions o = FinetuneOptions.builder(task, dir.resolve("data"), dir.resolve("out"))
        .epochs(epochs).batch(8).lr(lr).seed(3).build();
    return finetune(o);
  }

  @Test
  void classificationLearnsColours() throws Exception {
    Fixtures.classFolders(dir.resolve("data"), 8, 32, 1);
    FinetuneResult r = run("classification", 6, 2e-3f);
    System.out.println("classification " + r.best().values());
    assertTrue(r.best().values().get("accuracy") > 0.6, r.best().values().toString());
    JsonNode m = new ObjectMapper().readTree(r.metrics().toFile());
    assertEquals("classification", m.path("task").asText());
    assertEquals("random", m.path("backbone").asText());
    assertEquals(r.bestEpoch(), m.path("best_epoch").asInt());
    assertTrue(m.path("val").path("accuracy").isNumber());
    assertEquals(6, Files.readAllLines(r.metrics().resolveSibling(Finetuner.EPOCHS)).size());
    try (SafeTensorsFile ckpt = SafeTensorsFile.open(r.checkpoint())) {
      assertTrue(ckpt.contains("embeddings.position_embedding"));
      assertTrue(ckpt.contains("head.fc.weight"));
      assertEquals("classification", ckpt.metadata().get("task"));
    }
  }

  @Test
  void linearProbeFreezesTheBackboneAndFractionsAreSeededPerClass() throws Exception {
    Fixtures.classFolders(dir.resolve("data"), 8, 32, 1);
    FinetuneOptions o = FinetuneOptions.builder("classification", dir.resolve("data"),
        dir.resolve("out")).linearProbe(true).fraction(0.25).epochs(1).batch(8).seed(5).build();
    float[] initial;
    try (var session = TestBackend.get().newSession(5)) {
      var backbone = TinyVit.builder().build(dev.vitp.spi.nn.ParameterScope.root(session, 5));
      initial = backbone.parameters().get(1).read();
    }
    FinetuneResult first = finetune(o);
    assertEquals(6, first.trainSamples()); // 2 of 8 per class
    try (SafeTensorsFile ckpt = SafeTensorsFile.open(first.checkpoint())) {
      assertArrayEquals(initial, ckpt.floats("embeddings.patch_embedding.weight"));
    }
    FinetuneResult again = finetune(o.toBuilder().out(dir.resolve("out2")).build());
    assertEquals(first.history().get(0).trainLoss(), again.history().get(0).trainLoss());
    assertEquals(first.best().values(), again.best().values());
    JsonNode m = new ObjectMapper().readTree(first.metrics().toFile());
    assertEquals(0.25, m.path("fraction").asDouble());
    assertTrue(m.path("linear_probe").asBoolean());
  }

  /**
   * LP-FT: while frozen, the backbone does not move, so the first epoch repeats a linear probe's
   * exactly; then it trains, and the second epoch no longer does.
   */
  @Test
  void frozenEpochsTrainTheHeadFirstThenEverything() throws Exception {
    Fixtures.classFolders(dir.resolve("data"), 8, 32, 1);
    FinetuneOptions.Builder options = FinetuneOptions.builder("classification",
        dir.resolve("data"), dir.resolve("probe")).epochs(2).batch(8).lr(2e-3f).seed(5);
    FinetuneResult probe = finetune(options.linearProbe(true).build());
    FinetuneResult lpft = finetune(
        options.linearProbe(false).frozenEpochs(1).out(dir.resolve("lpft")).build());
    assertEquals(probe.history().get(0).trainLoss(), lpft.history().get(0).trainLoss());
    assertNotEquals(probe.history().get(1).trainLoss(), lpft.history().get(1).trainLoss());
    JsonNode m = new ObjectMapper().readTree(lpft.metrics().toFile());
    assertEquals(1, m.path("frozen_epochs").asInt());
    VitpException tooMany = assertThrows(VitpException.class,
        () -> options.frozenEpochs(2).build());
    assertTrue(tooMany.getMessage().contains("frozenEpochs=2"), tooMany.getMessage());
  }

  /**
   * Validating every second epoch of three scores epochs 2 and 3 only; the kept epoch is one of
   * them, and the skipped epoch has no scores in epochs.jsonl.
   */
  @Test
  void valEveryScoresOnlyThoseEpochsAndTheLast() throws Exception {
    Fixtures.classFolders(dir.resolve("data"), 8, 32, 1);
    FinetuneOptions o = FinetuneOptions.builder("classification", dir.resolve("data"),
        dir.resolve("out")).epochs(3).valEvery(2).batch(8).lr(2e-3f).seed(5).build();
    FinetuneResult r = finetune(o);
    assertNull(r.history().get(0).val());
    assertNotNull(r.history().get(1).val());
    assertNotNull(r.history().get(2).val());
    assertTrue(r.bestEpoch() == 2 || r.bestEpoch() == 3, "best epoch " + r.bestEpoch());
    assertEquals(r.history().get(r.bestEpoch() - 1).val(), r.best());
    List<String> lines = Files.readAllLines(r.metrics().resolveSibling(Finetuner.EPOCHS));
    ObjectMapper json = new ObjectMapper();
    assertTrue(json.readTree(lines.get(0)).path("val").isMissingNode(), lines.get(0));
    assertTrue(json.readTree(lines.get(2)).path("val").path("accuracy").isNumber(), lines.get(2));
    assertEquals(2, json.readTree(r.metrics().toFile()).path("val_every").asInt());
  }

  @Test
  void segmentationLearnsMasks() {
    Fixtures.maskFolders(dir.resolve("data"), 16, 32, 2);
    FinetuneResult r = run("segmentation", 6, 2e-3f);
    System.out.println("segmentation " + r.best().values());
    assertEquals("mask-png", r.format());
    assertEquals(java.util.List.of("background", "building", "water"), r.classes());
    assertTrue(r.best().values().get("miou") > 0.3, r.best().values().toString());
  }

  @Test
  void changeDetectionLearnsChanges() {
    Fixtures.changeFolders(dir.resolve("data"), 16, 32, 3, "A", "B");
    FinetuneResult r = run("change-detection", 6, 2e-3f);
    System.out.println("change-detection " + r.best().values());
    assertTrue(r.best().values().get("f1") > 0.3, r.best().values().toString());
  }

  @Test
  void detectionLearnsBoxes() {
    Fixtures.dota(dir.resolve("data"), 16, 32, 4, true);
    FinetuneResult r = run("detection", 6, 2e-3f);
    System.out.println("detection " + r.best().values());
    assertEquals("dota", r.format());
    assertTrue(r.best().values().get("ap50") > 0.05, r.best().values().toString());
  }

  /** A corruption that changes nothing. */
  private static final Corruption IDENTITY = (image, w, h, severity, seed) -> image.clone();

  /** A corruption that blacks every image out, whatever the severity. */
  private static final Corruption BLACKOUT = (image, w, h, severity, seed) ->
      new float[image.length];

  @Test
  void robustnessScoresTheBestEpochsModelOnCorruptedCopiesOfTheValidationSet() {
    Fixtures.classFolders(dir.resolve("data"), 8, 32, 1);
    FinetuneOptions o = FinetuneOptions.builder("classification", dir.resolve("data"),
        dir.resolve("out")).epochs(4).batch(8).lr(2e-3f).seed(3).build();
    Map<String, Corruption> corruptions = new LinkedHashMap<>();
    corruptions.put("identity", IDENTITY);
    corruptions.put("blackout", BLACKOUT);
    FinetuneResult r = Finetuner.run(TestBackend.get(), TinyVit.builder(),
        head("classification"), o,
        new RobustnessCheck(corruptions, List.of(1, 3), 0), e -> {});
    RobustnessScores scores = r.robustness();
    assertNotNull(scores);
    assertEquals("accuracy", scores.metric());
    // The clean score is the best epoch's: its weights were read back, whichever epoch was last.
    assertEquals(r.best().primaryValue(), scores.clean(), 1e-12);
    assertEquals(List.of("identity", "blackout"), List.copyOf(scores.scores().keySet()));
    assertEquals(List.of(1, 3), List.copyOf(scores.scores().get("identity").keySet()));
    // Corrupting back and forth through [0, 1] with the identity leaves the scores as they were.
    scores.scores().get("identity").values()
        .forEach(v -> assertEquals(scores.clean(), v, 1e-12));
    // One black image for every sample: one prediction for all, so at most the largest class.
    scores.scores().get("blackout").values().forEach(v -> assertTrue(v <= 0.5 + 1e-9, "" + v));
    assertEquals(scores.clean() - (2 * scores.clean() + 2 * scores.mean("blackout")) / 4,
        scores.meanDrop(), 1e-12);
  }

  @Test
  void corruptionsThatMovePixelsAreRefusedForTasksWhoseLabelsArePositions() {
    Fixtures.maskFolders(dir.resolve("data"), 4, 32, 1);
    FinetuneOptions o = FinetuneOptions.builder("segmentation", dir.resolve("data"),
        dir.resolve("out")).epochs(1).batch(4).seed(3).build();
    Corruption shift = new Corruption() {
      @Override
      public float[] apply(float[] image, int width, int height, int severity, long seed) {
        return image.clone();
      }

      @Override
      public boolean geometric() {
        return true;
      }
    };
    VitpException e = assertThrows(VitpException.class, () -> Finetuner.run(TestBackend.get(),
        TinyVit.builder(), head("segmentation"), o,
        new RobustnessCheck(Map.of("shift", shift), List.of(1), 0), x -> {}));
    assertTrue(e.getMessage().contains("[shift]"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out").resolve(Finetuner.METRICS)),
        "refused before training");
  }
}
