package dev.vitp.it;

import static dev.vitp.it.CrossBackend.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.Vitp;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.TaskBox;
import dev.vitp.spi.task.TaskHead;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.spi.task.TaskInfo;
import dev.vitp.spi.task.TaskKind;
import dev.vitp.spi.task.TaskPrediction;
import dev.vitp.spi.task.TaskSample;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inference-only {@code djl-tensorflow} backend end to end: {@code vitp embed} on an
 * InternViT/HF folder gives the jvm backend's features, every task head predicts what it predicts
 * on jvm, and the commands that train refuse it before any work with one line naming the missing
 * capability (exit 3).
 */
class TensorflowBackendTest {
  private static final double VALUES = 1e-4;

  @Test
  void embedOnAnInternVitFolderEqualsTheJvmBackend(@TempDir Path dir) throws IOException {
    Path backbone = Path.of(resource("/reference/internvit-tiny"));
    Path images = Files.createDirectories(dir.resolve("images"));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 5; i++) {
      png(images.resolve("tile-" + i + ".png"), 40 + 7 * i, 32 + 5 * i, random);
    }
    float[] jvm = embed(backbone, images, dir.resolve("jvm.safetensors"), "jvm");
    float[] tensorflow = embed(backbone, images, dir.resolve("tf.safetensors"), "djl-tensorflow");
    assertEquals(5 * 64, jvm.length, "five CLS features of width 64");
    assertClose("embed features, djl-tensorflow vs jvm", jvm, tensorflow, VALUES);
  }

  private static float[] embed(Path backbone, Path images, Path out, String backend)
      throws IOException {
    InProcessCli.Result r = InProcessCli.vitp("embed", "--backbone", backbone.toString(),
        "--images", images.toString(), "--out", out.toString(), "--backend", backend);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains(backend), "the output names the backend that ran: " + r.out());
    try (SafeTensorsFile f = SafeTensorsFile.open(out)) {
      return f.floats("features");
    }
  }

  @ParameterizedTest
  @EnumSource(TaskKind.class)
  void headsPredictWhatTheyPredictOnJvm(TaskKind kind) {
    Vitp vitp = Vitp.create();
    TaskInfo info = new TaskInfo(kind, kind == TaskKind.CHANGE_DETECTION
        ? List.of("no-change", "change") : List.of("field", "forest", "water"), false);
    List<TaskSample> batch = samples(kind, 2, 64, info.numClasses());
    Outputs want = predict(vitp, CrossBackend.JVM, kind, info, batch);
    Outputs got = predict(vitp, CrossBackend.TF, kind, info, batch);
    assertClose(kind + " head loss, djl-tensorflow vs jvm", new float[] {want.loss},
        new float[] {got.loss}, VALUES);
    for (int i = 0; i < batch.size(); i++) {
      TaskPrediction w = want.predictions.get(i);
      TaskPrediction g = got.predictions.get(i);
      assertEquals(w.label(), g.label(), kind + " label of sample " + i);
      if (w.probabilities() != null) {
        assertNotNull(g.probabilities());
        assertClose(kind + " probabilities of sample " + i, w.probabilities(),
            g.probabilities(), VALUES);
      }
      if (w.mask() != null) {
        assertNotNull(g.mask());
        int[] a = w.mask().values();
        int[] b = g.mask().values();
        int same = 0;
        for (int p = 0; p < a.length; p++) {
          same += a[p] == b[p] ? 1 : 0;
        }
        // Argmax over classes whose scores agree to 1e-4: only exact near-ties may differ.
        assertTrue(same >= 0.99 * a.length, kind + " mask of sample " + i + ": " + same + "/"
            + a.length + " pixels agree");
      }
      assertEquals(w.boxes().size(), g.boxes().size(), kind + " boxes of sample " + i);
      for (int k = 0; k < w.boxes().size(); k++) {
        assertEquals(w.boxes().get(k).score(), g.boxes().get(k).score(), 1e-4,
            kind + " score of box " + k + " of sample " + i);
      }
    }
  }

  private record Outputs(float loss, List<TaskPrediction> predictions) {}

  /**
   * Builds the nano ViT and the task's head with one seed, moves every weight by the same seeded
   * noise on each backend (so that zero-initialised biases and layer-norm shifts count too), and
   * runs them in an INFERENCE step.
   */
  private static Outputs predict(Vitp vitp, Backend backend, TaskKind kind, TaskInfo info,
      List<TaskSample> batch) {
    BackboneBuilder backboneBuilder =
        (BackboneBuilder) vitp.create(ComponentKind.BACKBONE, new VitBackboneConfig());
    TaskHeadBuilder headBuilder = (TaskHeadBuilder) vitp.create(ComponentKind.TASK_HEAD, kind.id());
    try (BackendSession session = backend.newSession(11)) {
      ParameterScope root = ParameterScope.root(session, 11);
      Backbone backbone = backboneBuilder.build(root.child("backbone"));
      TaskHead head = headBuilder.build(root.child("head"), backbone, info);
      for (Parameter p : session.parameters()) {
        float[] values = p.read();
        SplittableRandom noise = new SplittableRandom(p.name().hashCode());
        for (int i = 0; i < values.length; i++) {
          values[i] += (float) (0.05 * noise.nextGaussian());
        }
        p.write(values);
      }
      try (Step step = session.newStep(StepMode.INFERENCE, 5)) {
        float loss = step.item(head.loss(step, backbone, batch));
        return new Outputs(loss, head.predict(step, backbone, batch));
      }
    }
  }

  private static List<TaskSample> samples(TaskKind kind, int n, int size, int classes) {
    SplittableRandom random = new SplittableRandom(17);
    List<TaskSample> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int dates = kind == TaskKind.CHANGE_DETECTION ? 2 : 1;
      List<float[]> images = new ArrayList<>();
      for (int d = 0; d < dates; d++) {
        float[] image = new float[3 * size * size];
        for (int p = 0; p < image.length; p++) {
          image[p] = (float) random.nextGaussian();
        }
        images.add(image);
      }
      int[] mask = null;
      if (kind == TaskKind.SEGMENTATION || kind == TaskKind.CHANGE_DETECTION) {
        mask = new int[size * size];
        for (int p = 0; p < mask.length; p++) {
          mask[p] = (p / size < size / 2 ? 0 : 1) % classes;
        }
      }
      List<TaskBox> boxes = kind == TaskKind.DETECTION
          ? List.of(TaskBox.of(0, 4, 6, 30, 28), TaskBox.of(2, 36, 30, 60, 58)) : List.of();
      batch.add(new TaskSample("s" + i, size, images, kind == TaskKind.CLASSIFICATION ? i % classes
          : -1, mask, boxes, size, size, null));
    }
    return batch;
  }

  @Test
  void commandsThatTrainRefuseItWithExitThreeNamingTheCapability(@TempDir Path dir) {
    InProcessCli.Result generated = InProcessCli.vitp("generate", "--domain", "remote-sensing",
        "--out", dir.resolve("data").toString(), "--samples", "20", "--image-size", "32");
    assertEquals(0, generated.exit(), generated.err());
    Path data = dir.resolve("data");
    List<String[]> commands = List.of(
        new String[] {"pretrain", "--recipe", data.resolve("recipe.json").toString(), "--preset",
            "nano", "--steps", "2", "--out", dir.resolve("run").toString()},
        new String[] {"finetune", "--task", "classification", "--data",
            data.resolve("downstream/scene-classification").toString(), "--backbone", "random",
            "--epochs", "1", "--out", dir.resolve("ft").toString()},
        new String[] {"bench", "--preset", "nano", "--steps", "1"},
        new String[] {"compare", "--out", dir.resolve("cmp").toString(), "--data",
            data.toString(), "--start", "r=random", "--reference", "r", "--task",
            "classification", "--seeds", "1", "--epochs", "1"},
        new String[] {"experiment", "vrl-sweep", "--quick", "--out",
            dir.resolve("exp").toString()},
        new String[] {"demo", "--out", dir.resolve("demo").toString()});
    for (String[] command : commands) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "--backend";
      args[command.length + 1] = "djl-tensorflow";
      InProcessCli.Result r = InProcessCli.vitp(args);
      String line = r.err().strip();
      assertEquals(3, r.exit(), command[0] + ": " + r.err());
      assertEquals(1, line.lines().count(), command[0] + ": " + r.err());
      assertTrue(line.startsWith("vitp " + command[0] + ": ") && line.contains("djl-tensorflow")
          && line.contains("TRAINING"), command[0] + ": " + line);
    }
    assertFalse(Files.exists(dir.resolve("run")), "no run folder was made");
    for (String folder : List.of("ft", "cmp", "exp", "demo")) {
      assertFalse(Files.exists(dir.resolve(folder)), "no folder " + folder + " was made");
    }
  }

  private static java.net.URI resource(String name) {
    try {
      return TensorflowBackendTest.class.getResource(name).toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void png(Path file, int w, int h, SplittableRandom random) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }
}
