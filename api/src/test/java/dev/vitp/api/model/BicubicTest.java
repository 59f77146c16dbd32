package dev.vitp.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Bicubic against PyTorch's F.interpolate(mode="bicubic", align_corners=False); the expected values
 * come from benchmarks/python/reference.py run with PyTorch 2.11.
 */
class BicubicTest {
  @Test
  void matchesPytorchInterpolate() throws URISyntaxException {
    Path file = Path.of(getClass().getResource("/reference/bicubic.safetensors").toURI());
    int cases = 0;
    try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
      for (String name : f.names()) {
        if (!name.startsWith("in_")) {
          continue;
        }
        String suffix = name.substring(3);
        var in = f.entry(name).shape();
        var out = f.entry("out_" + suffix).shape();
        float[] actual = Bicubic.resize(f.floats(name), in.dim(0) * in.dim(1), in.dim(2),
            in.dim(3), out.dim(2), out.dim(3));
        float[] expected = f.floats("out_" + suffix);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-5, suffix + " at " + i);
        }
        cases++;
      }
    }
    assertEquals(4, cases);
  }

  @Test
  void constantPlanesStayConstant() {
    float[] plane = new float[25];
    java.util.Arrays.fill(plane, 3.5f);
    for (float v : Bicubic.resize(plane, 1, 5, 5, 9, 7)) {
      assertEquals(3.5f, v, 1e-6);
    }
  }
}
