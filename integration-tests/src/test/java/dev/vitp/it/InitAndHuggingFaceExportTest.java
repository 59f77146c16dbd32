package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitSpec;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.toolkit.safetensors.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * Pretraining that starts from a pretrained ViT ({@code --init-backbone} an InternViT/HF folder)
 * and the HuggingFace folder export ({@code export-backbone --out DIR}): the run's ViT starts as
 * the folder's weights (position grid resized to the preset's image size), and the exported
 * folder holds every key InternViT has ({@code ls1}/{@code ls2} = 1 for a ViT trained without
 * layer scale). Where a python3 with torch is present, the PyTorch reference model
 * ({@code benchmarks/python/reference.py --load-hf}) loads the folder with {@code strict=True} and
 * its CLS feature equals vitp's to 1e-4; elsewhere that check is skipped and says so.
 */
class InitAndHuggingFaceExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path INTERNVIT_TINY = Path.of("src/test/resources/reference/internvit-tiny");

  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void generate() {
    data = dir.resolve("data");
    InProcessCli.Result r = InProcessCli.vitp("generate", "--domain", "remote-sensing", "--out",
        data.toString(), "--samples", "40", "--image-size", "32");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void aRunStartedFromAnHfFolderStartsFromItsWeightsAndExportsAnHfFolder() throws Exception {
    Path run = dir.resolve("from-internvit");
    // The ViT frozen: the exported ViT is what the run started from.
    InProcessCli.Result r = InProcessCli.vitp("pretrain", "--recipe",
        data.resolve("recipe.json").toString(), "--preset", "nano", "--steps", "2", "--batch",
        "2", "--freeze", "vit", "--init-backbone", INTERNVIT_TINY.toString(), "--out",
        run.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode saved = JSON.readTree(run.resolve("run.json").toFile());
    assertEquals(INTERNVIT_TINY.toAbsolutePath().toString(), saved.get("initBackbone").asText());

    Path hf = run.resolve("hf");
    InProcessCli.Result export = InProcessCli.vitp("export-backbone", "--run", run.toString(),
        "--out", hf.toString());
    assertEquals(0, export.exit(), export.err());
    Backbones backbones = new Backbones(JSON);
    Backbones.Loaded exported = backbones.load(hf);
    Backbones.Loaded source = backbones.load(INTERNVIT_TINY);
    VitSpec spec = exported.spec();
    assertEquals(List.of(64, 2, 4, 8, 64), List.of(spec.width(), spec.depth(), spec.heads(),
        spec.patchSize(), spec.imageSize()), "the folder's ViT at the preset's 64 px: " + spec);
    assertEquals(source.tensors().keySet(), exported.tensors().keySet());
    // Every weight but the resized position grid is the source's; the grid is its bicubic resize.
    for (Map.Entry<String, SafeTensors.FloatTensor> e : source.tensors().entrySet()) {
      float[] got = exported.tensors().get(e.getKey()).values();
      if (e.getKey().equals("embeddings.position_embedding")) {
        assertEquals((1 + 8 * 8) * 64, got.length, "grid 4x4 resized to 8x8");
        continue;
      }
      float[] want = e.getValue().values();
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-6, e.getKey() + "[" + i + "]");
      }
    }
    checkWithPytorchReference(hf, exported);
  }

  @Test
  void aViTWithoutLayerScaleExportsOnesAsItsLayerScales() throws Exception {
    Path run = dir.resolve("nano");
    InProcessCli.Result r = InProcessCli.vitp("pretrain", "--recipe",
        data.resolve("recipe.json").toString(), "--preset", "nano", "--steps", "2", "--batch",
        "2", "--out", run.toString());
    assertEquals(0, r.exit(), r.err());
    Path hf = run.resolve("hf");
    assertEquals(0, InProcessCli.vitp("export-backbone", "--run", run.toString(), "--out",
        hf.toString()).exit());
    JsonNode config = JSON.readTree(hf.resolve("config.json").toFile());
    assertEquals("InternVisionModel", config.get("architectures").get(0).asText());
    assertEquals(512, config.get("intermediate_size").asInt());
    Backbones.Loaded exported = new Backbones(JSON).load(hf);
    for (int layer = 0; layer < 4; layer++) {
      for (String scale : List.of("ls1", "ls2")) {
        for (float v : exported.tensors().get("encoder.layers." + layer + "." + scale).values()) {
          assertEquals(1f, v, scale + " of layer " + layer);
        }
      }
    }
    // The single-file export of the same run still works, with its spec beside it.
    Path file = run.resolve("backbone.safetensors");
    assertEquals(0, InProcessCli.vitp("export-backbone", "--run", run.toString(), "--out",
        file.toString()).exit());
    assertTrue(Files.isRegularFile(Backbones.specFileOf(file)));
    checkWithPytorchReference(hf, exported);
  }

  /** The reference model loads the folder strictly and computes vitp's CLS feature. */
  private static void checkWithPytorchReference(Path hf, Backbones.Loaded loaded)
      throws IOException, InterruptedException {
    String python = pythonWithTorch();
    Assumptions.assumeTrue(python != null, "no python3 with torch found ($PYTHON, python3, "
        + "/usr/bin/python3): the strict load into the PyTorch reference model was not checked");
    Path out = Files.createTempDirectory(dir, "reference");
    Process p = new ProcessBuilder(python, "../benchmarks/python/reference.py", out.toString(),
        "--load-hf", hf.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);
    assertEquals(0, p.exitValue(), "the reference model refused the folder:\n" + log);
    JsonNode result = JSON.readTree(out.resolve("hf-features.json").toFile());
    assertEquals(loaded.tensors().size(), result.get("keys").asInt());
    float[] want = new float[result.get("cls").size()];
    for (int i = 0; i < want.length; i++) {
      want[i] = (float) result.get("cls").get(i).asDouble();
    }
    VitSpec spec = loaded.spec();
    int size = spec.imageSize();
    float[] image = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          image[(c * size + y) * size + x] = (float) Math.sin(0.37 * c + 0.11 * y + 0.07 * x);
        }
      }
    }
    try (BackendSession session = CrossBackend.JVM.newSession(0);
        Step step = session.newStep(StepMode.INFERENCE, 0)) {
      VisionTransformer vit = Backbones.instantiate(loaded, spec,
          ParameterScope.root(session, 0).child("backbone"));
      float[] tokens = step.toFloats(vit.forward(step,
          step.constant(image, Shape.of(1, 3, size, size))));
      float[] cls = java.util.Arrays.copyOf(tokens, spec.width());
      CrossBackend.assertClose("CLS feature, vitp (jvm) vs the PyTorch reference", want, cls,
          1e-4);
    }
  }

  /** The first of $PYTHON, python3 and /usr/bin/python3 that imports torch, or null. */
  private static @Nullable String pythonWithTorch() {
    for (String candidate : new String[] {System.getenv("PYTHON"), "python3", "/usr/bin/python3"}) {
      if (candidate == null) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true)
            .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException | InterruptedException e) {
        // not this one
      }
    }
    return null;
  }
}
