package dev.vitp.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import dev.vitp.toolkit.safetensors.SafeTensors;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backbone holding a NaN or an infinity is refused where it is read, naming the tensor. */
class BackboneLoadTest {
  @TempDir Path dir;

  @Test
  void nonFiniteWeightsAreAOneLineUserErrorNamingTheTensor() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      Map<String, SafeTensors.FloatTensor> tensors = new TreeMap<>();
      tensors.put("embeddings.class_embedding",
          new SafeTensors.FloatTensor(Shape.of(1, 1, 4), new float[] {0.5f, -1f, 2f, 0f}));
      tensors.put("vision_model.encoder.layers.0.ls1",
          new SafeTensors.FloatTensor(Shape.of(4), new float[] {1f, bad, 1f, bad}));
      Path file = dir.resolve("b" + bad + ".safetensors");
      SafeTensors.write(file, tensors, Map.of());
      VitpException e = assertThrows(VitpException.class,
          () -> new Backbones(new ObjectMapper()).load(file));
      assertEquals(ErrorCode.USER_ERROR, e.code());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().startsWith("Expected finite backbone weights. Received: 2 "
          + "non-finite value(s) in tensor vision_model.encoder.layers.0.ls1 of " + file
          + " (first: " + bad + " at index 1)"), e.getMessage());
    }
  }
}
