package dev.vitp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for the reference implementations themselves. */
class ReferenceOpsTest {
  private static final double EPS = 1e-12;

  private static RefTensor t(int[] shape, double... values) {
    return RefTensor.of(shape, values);
  }

  private static int[] s(int... dims) {
    return dims;
  }

  private static void assertTensor(int[] shape, double[] values, RefTensor actual) {
    assertArrayEquals(shape, actual.shape(), "shape");
    assertArrayEquals(values, actual.data(), 1e-9, "values");
  }

  @Test
  void elementwiseOpsBroadcastLikeNumpy() {
    RefTensor row = t(s(1, 3), 1, 2, 3);
    RefTensor col = t(s(2, 1), 10, 20);
    assertTensor(s(2, 3), new double[] {11, 12, 13, 21, 22, 23}, ReferenceOps.add(row, col));
    assertTensor(s(2, 3), new double[] {9, 8, 7, 19, 18, 17}, ReferenceOps.sub(col, row));
    assertTensor(s(2, 3), new double[] {10, 20, 30, 20, 40, 60}, ReferenceOps.mul(row, col));
    assertTensor(s(3), new double[] {0.5, 1, 1.5}, ReferenceOps.div(t(s(3), 1, 2, 3), RefTensor.scalar(2)));
    assertTensor(s(2), new double[] {2, 5}, ReferenceOps.maximum(t(s(2), 1, 5), t(s(2), 2, 4)));
    assertTensor(s(2), new double[] {1, 4}, ReferenceOps.minimum(t(s(2), 1, 5), t(s(2), 2, 4)));
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceOps.add(t(s(2, 3), new double[6]), t(s(2), 1, 2)));
  }

  @Test
  void unaryOps() {
    RefTensor x = t(s(3), -1, 0, 2);
    assertTensor(s(3), new double[] {1, 0, -2}, ReferenceOps.neg(x));
    assertTensor(s(3), new double[] {1, 0, 2}, ReferenceOps.abs(x));
    assertTensor(s(3), new double[] {0, 0, 2}, ReferenceOps.relu(x));
    assertTensor(s(3), new double[] {Math.exp(-1), 1, Math.exp(2)}, ReferenceOps.exp(x));
    assertTensor(s(2), new double[] {0, Math.log(2)}, ReferenceOps.log(t(s(2), 1, 2)));
    assertTensor(s(2), new double[] {2, 3}, ReferenceOps.sqrt(t(s(2), 4, 9)));
    assertEquals(0.5, ReferenceOps.sigmoid(0), EPS);
    assertEquals(1 / (1 + Math.exp(-3)), ReferenceOps.sigmoid(3), EPS);
    assertEquals(1 / (1 + Math.exp(800)), ReferenceOps.sigmoid(-800), EPS); // no overflow
    assertTensor(s(2), new double[] {Math.tanh(-1), 0}, ReferenceOps.tanh(t(s(2), -1, 0)));
    assertTensor(s(3), new double[] {-3, 0, 6}, ReferenceOps.mulScalar(x, 3));
    assertTensor(s(3), new double[] {0.5, 1.5, 3.5}, ReferenceOps.addScalar(x, 1.5));
  }

  @Test
  void erfToDoublePrecision() {
    // Values from Abramowitz & Stegun / mpmath.
    double[][] erf = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465},
        {1, 0.8427007929497149}, {1.5, 0.9661051464753108}, {2, 0.9953222650189527},
        {2.5, 0.999593047982555}, {3, 0.9999779095030014}};
    for (double[] p : erf) {
      assertEquals(p[1], ReferenceOps.erf(p[0]), 4e-16 * p[1], "erf(" + p[0] + ")");
      assertEquals(-p[1], ReferenceOps.erf(-p[0]), 4e-16 * p[1], "erf(-" + p[0] + ")");
    }
    double[][] erfc = {{1, 0.15729920705028513}, {2, 0.004677734981047266},
        {3, 2.209049699858544e-05}, {5, 1.5374597944280349e-12}, {10, 2.088487583762545e-45}};
    for (double[] p : erfc) {
      assertEquals(p[1], ReferenceOps.erfc(p[0]), 2e-15 * p[1], "erfc(" + p[0] + ")");
    }
    assertEquals(0, ReferenceOps.erf(0), 0);
    assertEquals(2 - 0.15729920705028513, ReferenceOps.erfc(-1), 1e-15);
  }

  @Test
  void exactGelu() {
    assertEquals(0.8413447460685429, ReferenceOps.gelu(1), EPS);
    assertEquals(-0.15865525393145707, ReferenceOps.gelu(-1), EPS);
    assertEquals(1.9544997361036416, ReferenceOps.gelu(2), EPS);
    assertEquals(0, ReferenceOps.gelu(0), 0);
    // Deep in the negative tail x * Phi(x) is tiny but not zero.
    assertEquals(-10 * 7.619853024160527e-24, ReferenceOps.gelu(-10), 1e-36);
  }

  @Test
  void matmulWithBroadcastBatch() {
    RefTensor a = t(s(2, 3), 1, 2, 3, 4, 5, 6);
    RefTensor b = t(s(3, 2), 7, 8, 9, 10, 11, 12);
    assertTensor(s(2, 2), new double[] {58, 64, 139, 154}, ReferenceOps.matmul(a, b));
    // a[2, 1, 2] @ b[2, 1]: b broadcasts over the batch.
    RefTensor batched = t(s(2, 1, 2), 1, 2, 3, 4);
    assertTensor(s(2, 1, 1), new double[] {17, 39}, ReferenceOps.matmul(batched, t(s(2, 1), 5, 6)));
    // a[1, 1, 2] @ b[3, 2, 1] -> [3, 1, 1]
    RefTensor many = t(s(3, 2, 1), 1, 0, 0, 1, 1, 1);
    assertTensor(s(3, 1, 1), new double[] {1, 2, 3}, ReferenceOps.matmul(t(s(1, 1, 2), 1, 2), many));
  }

  @Test
  void transposeReshapeConcatSlice() {
    RefTensor a = t(s(2, 3), 1, 2, 3, 4, 5, 6);
    assertTensor(s(3, 2), new double[] {1, 4, 2, 5, 3, 6}, ReferenceOps.transpose(a, 1, 0));
    RefTensor c = t(s(2, 3, 4), new double[24]);
    double[] v = new double[24];
    for (int i = 0; i < 24; i++) {
      v[i] = i;
    }
    c = t(s(2, 3, 4), v);
    RefTensor p = ReferenceOps.transpose(c, 2, 0, 1); // out[k, i, j] = c[i, j, k]
    assertArrayEquals(s(4, 2, 3), p.shape());
    assertEquals(c.at(1, 2, 3), p.at(3, 1, 2));
    assertEquals(c.at(0, 1, 2), p.at(2, 0, 1));
    assertTensor(s(3, 2), a.data(), ReferenceOps.reshape(a, 3, -1));
    assertTensor(s(6), a.data(), ReferenceOps.reshape(a, -1));
    assertTensor(s(2, 4), new double[] {1, 2, 3, 7, 4, 5, 6, 8},
        ReferenceOps.concat(List.of(a, t(s(2, 1), 7, 8)), 1));
    assertTensor(s(3, 3), new double[] {1, 2, 3, 4, 5, 6, 9, 9, 9},
        ReferenceOps.concat(List.of(a, t(s(1, 3), 9, 9, 9)), -2));
    assertTensor(s(2, 2), new double[] {2, 3, 5, 6}, ReferenceOps.slice(a, 1, 1, 3));
    assertTensor(s(1, 3), new double[] {4, 5, 6}, ReferenceOps.slice(a, 0, 1, 2));
  }

  @Test
  void reductions() {
    RefTensor a = t(s(2, 3), 1, 5, 3, 4, 2, 6);
    assertTensor(s(3), new double[] {5, 7, 9}, ReferenceOps.sum(a, 0, false));
    assertTensor(s(2, 1), new double[] {9, 12}, ReferenceOps.sum(a, -1, true));
    assertTensor(s(2), new double[] {3, 4}, ReferenceOps.mean(a, 1, false));
    assertTensor(s(1, 3), new double[] {4, 5, 6}, ReferenceOps.max(a, 0, true));
    assertTensor(s(2), new double[] {1, 2}, ReferenceOps.argmax(a, 1));
    // ties: the first maximum
    assertTensor(s(1), new double[] {1}, ReferenceOps.argmax(t(s(1, 4), 0, 3, 3, 1), 1));
    assertEquals(21, ReferenceOps.sumAll(a).get(0), EPS);
  }

  @Test
  void gatherIsNumpyTake() {
    RefTensor a = t(s(3, 2), 1, 2, 3, 4, 5, 6);
    assertTensor(s(1, 2, 2), new double[] {5, 6, 1, 2},
        ReferenceOps.gather(a, 0, t(s(1, 2), 2, 0)));
    assertTensor(s(3), new double[] {2, 4, 6}, ReferenceOps.gather(a, 1, RefTensor.scalar(1)));
    assertTensor(s(3, 3), new double[] {2, 2, 1, 4, 4, 3, 6, 6, 5},
        ReferenceOps.gather(a, -1, t(s(3), 1, 1, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceOps.gather(a, 0, t(s(1), 3)));
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceOps.gather(a, 0, t(s(1), -1)));
  }

  @Test
  void linearAndLayerNorm() {
    RefTensor x = t(s(1, 2), 1, 2);
    RefTensor w = t(s(3, 2), 1, 0, 0, 1, 1, 1);
    assertTensor(s(1, 3), new double[] {1, 2, 4}, ReferenceOps.linear(x, w, t(s(3), 0, 0, 1)));
    assertTensor(s(1, 3), new double[] {1, 2, 3}, ReferenceOps.linear(x, w, null));
    // mean 2, biased variance 2/3
    double sd = Math.sqrt(2.0 / 3 + 1e-5);
    assertTensor(s(3), new double[] {-1 / sd * 2 + 1, 1, 1 / sd * 2 + 1},
        ReferenceOps.layerNorm(t(s(3), 1, 2, 3), t(s(3), 2, 2, 2), t(s(3), 1, 1, 1), 1e-5));
  }

  @Test
  void softmaxAndLogSoftmax() {
    RefTensor x = t(s(2, 2), 0, Math.log(2), 0, 0);
    assertTensor(s(2, 2), new double[] {1 / 3.0, 2 / 3.0, 0.5, 0.5}, ReferenceOps.softmax(x, 1));
    assertTensor(s(2, 2), new double[] {Math.log(1 / 3.0), Math.log(2 / 3.0), Math.log(0.5),
        Math.log(0.5)}, ReferenceOps.logSoftmax(x, -1));
    // along axis 0: columns [0, 0] and [log 2, 0]
    assertTensor(s(2, 2), new double[] {0.5, 2 / 3.0, 0.5, 1 / 3.0}, ReferenceOps.softmax(x, 0));
    // large values do not overflow
    assertTensor(s(2), new double[] {0.5, 0.5}, ReferenceOps.softmax(t(s(2), 1000, 1000), 0));
  }

  @Test
  void attention() {
    // D = 1, scale 1: scores [0, log 3] -> weights [1/4, 3/4]
    RefTensor q = t(s(1, 1, 1, 1), 1);
    RefTensor k = t(s(1, 1, 2, 1), 0, Math.log(3));
    RefTensor v = t(s(1, 1, 2, 1), 4, 8);
    assertTensor(s(1, 1, 1, 1), new double[] {7}, ReferenceOps.attention(q, k, v, false));
    // causal: query 0 sees key 0 only
    RefTensor q2 = t(s(1, 1, 2, 1), 1, 1);
    assertTensor(s(1, 1, 2, 1), new double[] {4, 7}, ReferenceOps.attention(q2, k, v, true));
    // D = 4: scale 1/2; q.k = 2 -> score 1 vs 0
    RefTensor q4 = t(s(1, 1, 1, 4), 1, 1, 1, 1);
    RefTensor k4 = t(s(1, 1, 2, 4), 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0);
    RefTensor v4 = t(s(1, 1, 2, 2), 1, 0, 0, 1);
    double e = Math.E / (Math.E + 1);
    assertTensor(s(1, 1, 1, 2), new double[] {e, 1 - e}, ReferenceOps.attention(q4, k4, v4, false));
  }

  @Test
  void conv2d() {
    RefTensor x = t(s(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    RefTensor ones = t(s(1, 1, 2, 2), 1, 1, 1, 1);
    assertTensor(s(1, 1, 2, 2), new double[] {12, 16, 24, 28}, ReferenceOps.conv2d(x, ones, null, 1, 0));
    assertTensor(s(1, 1, 2, 2), new double[] {1, 5, 11, 28}, ReferenceOps.conv2d(x, ones, null, 2, 1));
    // weight [Cout=2, Cin=1, 1, 1] with bias
    RefTensor w = t(s(2, 1, 1, 1), 2, -1);
    RefTensor out = ReferenceOps.conv2d(t(s(1, 1, 1, 2), 1, 2), w, t(s(2), 10, 20), 1, 0);
    assertTensor(s(1, 2, 1, 2), new double[] {12, 14, 19, 18}, out);
    // Cin = 2 sums over channels: weight [1, 2, 1, 1]
    assertTensor(s(1, 1, 1, 1), new double[] {1 * 3 + 2 * 5},
        ReferenceOps.conv2d(t(s(1, 2, 1, 1), 1, 2), t(s(1, 2, 1, 1), 3, 5), null, 1, 0));
  }

  @Test
  void convTranspose2dHasPytorchLayoutAndSize() {
    RefTensor x = t(s(1, 1, 2, 2), 1, 2, 3, 4);
    RefTensor ones = t(s(1, 1, 2, 2), 1, 1, 1, 1);
    assertTensor(s(1, 1, 3, 3), new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4},
        ReferenceOps.convTranspose2d(x, ones, null, 1, 0));
    assertTensor(s(1, 1, 4, 4), new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
        ReferenceOps.convTranspose2d(x, ones, null, 2, 0));
    // padding crops: (2-1)*1 - 2 + 2 = 1 -> the centre of the 3x3 result
    assertTensor(s(1, 1, 1, 1), new double[] {10}, ReferenceOps.convTranspose2d(x, ones, null, 1, 1));
    // weight [Cin=2, Cout=1, 1, 1]: sums over input channels
    assertTensor(s(1, 1, 1, 1), new double[] {210},
        ReferenceOps.convTranspose2d(t(s(1, 2, 1, 1), 1, 2), t(s(2, 1, 1, 1), 10, 100), null, 1, 0));
    // weight [Cin=1, Cout=2, 1, 1] with bias
    assertTensor(s(1, 2, 1, 1), new double[] {7, 9},
        ReferenceOps.convTranspose2d(t(s(1, 1, 1, 1), 2), t(s(1, 2, 1, 1), 3, 5), t(s(2), 1, -1), 1, 0));
  }

  @Test
  void bilinearResizeMatchesPytorchAlignCornersFalse() {
    // torch.nn.functional.interpolate(x, size=(4, 4), mode="bilinear", align_corners=False)
    RefTensor x = t(s(1, 1, 2, 2), 1, 2, 3, 4);
    assertTensor(s(1, 1, 4, 4), new double[] {1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75,
        3.25, 3.5, 3, 3.25, 3.75, 4}, ReferenceOps.resizeBilinear(x, 4, 4));
    assertTensor(s(1, 1, 1, 2), new double[] {1.5, 3.5},
        ReferenceOps.resizeBilinear(t(s(1, 1, 1, 4), 1, 2, 3, 4), 1, 2));
    // 1x1 output samples the centre
    assertTensor(s(1, 1, 1, 1), new double[] {2.5}, ReferenceOps.resizeBilinear(x, 1, 1));
    // identity size
    assertTensor(s(1, 1, 2, 2), x.data(), ReferenceOps.resizeBilinear(x, 2, 2));
  }

  @Test
  void crossEntropyMeansOverSupervisedTargets() {
    RefTensor logits = t(s(2, 2), 0, 0, 0, Math.log(3));
    double row0 = Math.log(2);
    double row1 = Math.log(4) - Math.log(3);
    assertEquals((row0 + row1) / 2,
        ReferenceOps.crossEntropy(logits, t(s(2), 0, 1), -100).get(0), EPS);
    assertEquals(row0, ReferenceOps.crossEntropy(logits, t(s(2), 0, -100), -100).get(0), EPS);
    assertEquals(row1, ReferenceOps.crossEntropy(logits, t(s(2), 0, 1), 0).get(0), EPS);
    assertEquals(0, ReferenceOps.crossEntropy(logits, t(s(2), -1, -1), -1).get(0), 0);
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceOps.crossEntropy(logits, t(s(2), 0, 2), -100));
  }

  @Test
  void randomOpsFollowTheSpiStream() {
    SplittableRandom r = new SplittableRandom(42);
    SplittableRandom same = new SplittableRandom(42);
    RefTensor u = ReferenceOps.uniform(r, s(3), -1f, 1f);
    for (int i = 0; i < 3; i++) {
      assertEquals((float) (-1f + 2f * same.nextDouble()), u.get(i), 0);
    }
    RefTensor d = ReferenceOps.dropout(new SplittableRandom(7), t(s(4), 1, 2, 3, 4), 0.5f);
    SplittableRandom m = new SplittableRandom(7);
    for (int i = 0; i < 4; i++) {
      assertEquals(m.nextDouble() < 0.5 ? (i + 1) * 2.0 : 0.0, d.get(i), 0);
    }
    RefTensor x = t(s(2), 1, 2);
    assertEquals(x, ReferenceOps.dropout(new SplittableRandom(1), x, 0f));
  }
}
