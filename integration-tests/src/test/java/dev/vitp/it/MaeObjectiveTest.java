package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.RunConfig;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.MaeMask;
import dev.vitp.api.model.MaskedAutoencoder;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.objective.MaeObjective;
import dev.vitp.api.objective.MaeObjectiveConfig;
import dev.vitp.api.train.StepMetrics;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainListener;
import dev.vitp.cli.VitpCli;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mae} pretraining objective: bound by name, its loss scores hidden patches only, its
 * encoder sees visible patches only, and a run trains, resumes exactly and exports the same
 * InternViT backbone as ViTP.
 */
class MaeObjectiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModelSpec NANO = Presets.get("nano");
  private static Path data;

  @TempDir Path dir;

  @BeforeAll
  static void generate() throws Exception {
    data = Files.createTempDirectory("rs-mae");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 24, 3, 64).withThreads(2).withDownstreamSamples(24));
  }

  @Test
  void isFoundAndBoundByName() {
    Vitp vitp = Vitp.create();
    assertTrue(vitp.componentNames(ComponentKind.PRETRAIN_OBJECTIVE).containsAll(
        List.of("instruction", "mae")));
    assertInstanceOf(MaeObjective.class, vitp.create(ComponentKind.PRETRAIN_OBJECTIVE, "mae"));
    RunConfig run = vitp.runConfig(vitp.readConfig("{\"objective\": {\"type\": \"mae\", "
        + "\"maskRatio\": 0.6}, \"source\": {\"type\": \"internvl-jsonl\", \"recipe\": "
        + JSON.valueToTree(data.resolve("recipe.json").toString()) + "}, \"train\": {\"steps\": "
        + "1}}", JsonNode.class));
    assertEquals(new MaeObjectiveConfig(0.6f, true), run.objective());
    VitpException unknown = assertThrows(VitpException.class,
        () -> vitp.create(ComponentKind.PRETRAIN_OBJECTIVE, "simclr"));
    assertTrue(unknown.getMessage().contains("instruction") && unknown.getMessage()
        .contains("mae"), unknown.getMessage());
  }

  @Test
  void lossIsTheMeanSquaredErrorOfTheHiddenPatchesOnly() {
    float[] pixels = randomImages(2, 11);
    MaeMask mask = MaeMask.random(2, 64, 0.75f, new SplittableRandom(5));
    try (BackendSession session = CrossBackend.JVM.newSession(3);
        Step step = session.newStep(StepMode.INFERENCE, 0)) {
      MaskedAutoencoder mae = autoencoder(session);
      double loss = step.item(mae.loss(step, pixels, 2, mask, true));
      float[] predicted = step.toFloats(mae.reconstruct(step, images(step, pixels, 2), mask));
      float[] targets = MaskedAutoencoder.targets(pixels, 2, 64, 8, true);
      double hidden = meanSquaredError(predicted, targets, mask.masked().flatIndices());
      double visible = meanSquaredError(predicted, targets, mask.visible().flatIndices());
      assertEquals(hidden, loss, 1e-4 * hidden);
      assertTrue(Math.abs(visible - hidden) > 1e-3, "visible and hidden patches score apart: "
          + visible + " vs " + hidden);
    }
  }

  @Test
  void theEncoderSeesTheVisiblePatchesOnly() {
    float[] pixels = randomImages(1, 12);
    MaeMask mask = MaeMask.random(1, 64, 0.75f, new SplittableRandom(6));
    float[] changed = pixels.clone();
    int hiddenPatch = mask.masked().positions(0)[0];
    int py = hiddenPatch / 8;
    int px = hiddenPatch % 8;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          changed[(c * 64 + py * 8 + y) * 64 + px * 8 + x] += 5f;
        }
      }
    }
    try (BackendSession session = CrossBackend.JVM.newSession(3);
        Step step = session.newStep(StepMode.INFERENCE, 0)) {
      MaskedAutoencoder mae = autoencoder(session);
      assertArrayEquals(step.toFloats(mae.reconstruct(step, images(step, pixels, 1), mask)),
          step.toFloats(mae.reconstruct(step, images(step, changed, 1), mask)), 0f);
    }
  }

  @Test
  void trainsResumesExactlyAndExportsTheBackboneEveryTaskTakes() throws Exception {
    String recipe = data.resolve("recipe.json").toString();
    Path straight = dir.resolve("straight");
    assertEquals(0, VitpCli.execute("pretrain", "--objective", "mae", "--images", recipe,
        "--steps", "4", "--batch", "4", "--workers", "1", "--backend", "jvm",
        "--checkpoint-every", "0", "--out", straight.toString()));
    List<JsonNode> steps = metrics(straight);
    assertEquals(4, steps.size());
    assertEquals(16, steps.get(0).get("kept_image_tokens").asInt(), "16 of 64 patches visible");
    assertTrue(Files.notExists(straight.resolve("tokenizer.json")), "MAE reads no text");
    assertEquals("mae", JSON.readTree(straight.resolve("run.json").toFile())
        .path("objective").path("type").asText());

    Vitp vitp = Vitp.create();
    RunConfig config = vitp.savedRunConfig(straight);
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
    assertEquals(0, VitpCli.execute("pretrain", "--resume", "--out", interrupted.toString()));
    assertEquals(losses(straight), losses(interrupted), "the resumed run repeats every loss");

    Path backbone = dir.resolve("mae.safetensors");
    assertEquals(0, VitpCli.execute("export-backbone", "--run", straight.toString(), "--out",
        backbone.toString()));
    try (SafeTensorsFile f = SafeTensorsFile.open(backbone)) {
      assertTrue(f.contains("encoder.layers.3.mlp.fc2.weight"));
      assertTrue(f.names().stream().noneMatch(n -> n.contains("mae_decoder")
          || n.startsWith("vision_model.")), f.names().toString());
    }
    // A folder of images is a source as well; ViTP, which needs conversations, refuses it.
    Path folder = data.resolve("rs_optical");
    assertEquals(0, VitpCli.execute("pretrain", "--objective", "mae", "--images",
        folder.toString(), "--steps", "1", "--batch", "4", "--workers", "1", "--backend", "jvm",
        "--out", dir.resolve("folder").toString()));
    assertEquals(2, VitpCli.execute("pretrain", "--images", folder.toString(), "--steps", "1",
        "--backend", "jvm", "--out", dir.resolve("vitp-folder").toString()));

    Path finetuned = dir.resolve("cls");
    assertEquals(0, VitpCli.execute("finetune", "--task", "classification", "--data",
        data.resolve("downstream/scene-classification").toString(), "--backbone",
        backbone.toString(), "--epochs", "1", "--backend", "jvm", "--out",
        finetuned.toString()));
    assertTrue(JSON.readTree(finetuned.resolve("metrics.json").toFile()).path("val")
        .path("accuracy").isNumber());
  }

  private static MaskedAutoencoder autoencoder(BackendSession session) {
    ParameterScope root = ParameterScope.root(session, 3);
    VisionTransformer vit = VitpModel.visionModel(root, NANO.vit());
    return new MaskedAutoencoder(root.child(MaeObjective.SCOPE), vit, NANO.maeDecoder());
  }

  private static dev.vitp.spi.backend.Tensor images(Step step, float[] pixels, int n) {
    return step.constant(pixels, Shape.of(n, 3, 64, 64));
  }

  private static float[] randomImages(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] pixels = new float[n * 3 * 64 * 64];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) r.nextGaussian();
    }
    return pixels;
  }

  /** Mean over the given patch rows of the mean squared error over the patch's values. */
  private static double meanSquaredError(float[] predicted, float[] targets, int[] rows) {
    int values = 3 * 8 * 8;
    double sum = 0;
    for (int row : rows) {
      for (int v = 0; v < values; v++) {
        double d = predicted[row * values + v] - targets[row * values + v];
        sum += d * d;
      }
    }
    return sum / rows.length / values;
  }

  private static List<JsonNode> metrics(Path run) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static List<Double> losses(Path run) throws Exception {
    return metrics(run).stream().map(m -> m.get("loss").asDouble()).toList();
  }
}
