package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitSpec;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Features of an InternViT checkpoint (HuggingFace folder layout) match the PyTorch reference
 * forward (benchmarks/python/reference.py: ls1/ls2, exact GELU, no final norm) to 1e-4, at the
 * checkpoint's resolution and at a larger one (bicubic-resized position grid), on every backend.
 */
class InternVitParityTest {
  @ParameterizedTest(name = "{0} at {1} px")
  @CsvSource({"jvm, 32", "jvm, 48", "djl-pytorch, 32", "djl-pytorch, 48", "djl-tensorflow, 32",
      "djl-tensorflow, 48"})
  void featuresMatchThePytorchReference(String backend, int imageSize) throws Exception {
    Path dir = Path.of(getClass().getResource("/reference/internvit-tiny").toURI());
    Backbones backbones = new Backbones(new ObjectMapper());
    Backbones.Loaded loaded = backbones.load(dir);
    assertEquals(64, loaded.spec().width());
    assertTrue(loaded.spec().layerScale(), "ls1/ls2 detected");
    VitSpec target = loaded.spec().withImageSize(imageSize);
    try (SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
        BackendSession session = backend(backend).newSession(0)) {
      VisionTransformer vit = Backbones.instantiate(loaded, target,
          ParameterScope.root(session, 0).child("backbone"));
      float[] images = expected.floats("images" + imageSize);
      float[] want = expected.floats("features" + imageSize);
      Shape wantShape = expected.entry("features" + imageSize).shape();
      try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
        var out = vit.forward(step, step.constant(images, Shape.of(2, 3, imageSize, imageSize)));
        assertEquals(wantShape, out.shape());
        float[] got = step.toFloats(out);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
          worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1.0, Math.abs(want[i])));
        }
        assertTrue(worst <= 1e-4, "max relative difference " + worst);
      }
    }
  }

  private static Backend backend(String name) {
    return switch (name) {
      case "jvm" -> CrossBackend.JVM;
      case "djl-pytorch" -> DjlFixture.backend();
      case "djl-tensorflow" -> CrossBackend.TF;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
