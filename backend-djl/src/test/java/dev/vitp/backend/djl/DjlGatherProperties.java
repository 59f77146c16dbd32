package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * gather is numpy {@code take} (the VRL token selection and embedding lookups rely on it): values
 * against a host reference, gradient = how often each entry was taken.
 */
class DjlGatherProperties {
  private static final DjlPytorchBackend BACKEND = new DjlPytorchBackend(new DjlPytorchConfig(1));

  @Property(tries = 25)
  void gatherIsNumpyTakeAndItsGradientCountsTheTakes(
      @ForAll @IntRange(min = 1, max = 3) int rank,
      @ForAll @IntRange(min = 0, max = 2) int axisSeed,
      @ForAll @IntRange(min = 0, max = 2) int indexRank,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = 1 + random.nextInt(4);
    }
    int axis = axisSeed % rank;
    int[] idxDims = new int[indexRank];
    for (int i = 0; i < indexRank; i++) {
      idxDims[i] = 1 + random.nextInt(3);
    }
    Shape shape = Shape.of(dims);
    Shape idxShape = Shape.of(idxDims);
    float[] values = new float[shape.elementCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    int[] idx = new int[idxShape.elementCount()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = random.nextInt(dims[axis]);
    }
    int pre = 1;
    for (int i = 0; i < axis; i++) {
      pre *= dims[i];
    }
    int post = 1;
    for (int i = axis + 1; i < rank; i++) {
      post *= dims[i];
    }
    float[] expected = new float[pre * idx.length * post];
    float[] counts = new float[values.length];
    int k = 0;
    for (int p = 0; p < pre; p++) {
      for (int j : idx) {
        for (int q = 0; q < post; q++) {
          int source = (p * dims[axis] + j) * post + q;
          expected[k++] = values[source];
          counts[source] += 1;
        }
      }
    }
    try (BackendSession session = BACKEND.newSession(seed)) {
      Parameter a = session.createParameter("a", shape, values, true);
      try (Step step = session.newStep(StepMode.TRAINING, seed)) {
        Tensor out = step.math().gather(step.use(a), axis, step.constantInts(idx, idxShape));
        assertEquals(expected.length, out.shape().size());
        assertArrayEquals(expected, step.toFloats(out));
        step.backward(step.math().sumAll(out));
        assertArrayEquals(counts, step.toFloats(step.gradient(a)));
      }
    }
  }
}
