package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tricky kernels against hand-computed values (the per-op conformance suite lives in the
 * conformance module).
 */
class DjlOpsTest {
  private static final DjlPytorchBackend BACKEND = new DjlPytorchBackend(new DjlPytorchConfig(1));
  private static final float EPS = 1e-5f;

  private BackendSession session;
  private Step step;

  @BeforeEach
  void open() {
    session = BACKEND.newSession(3);
  }

  @AfterEach
  void close() {
    session.close();
  }

  private Step training() {
    step = session.newStep(StepMode.TRAINING, 1);
    return step;
  }

  private Parameter param(String name, Shape shape, float... values) {
    return session.createParameter(name, shape, values, true);
  }

  @Test
  void gatherTakesAlongAnAxisAndScatterAddsTheGradient() {
    Parameter table = param("t", Shape.of(2, 3), 0, 1, 2, 10, 11, 12);
    try (Step s = training()) {
      Tensor idx = s.constantInts(new int[] {2, 0, 2, 2}, Shape.of(2, 2));
      Tensor out = s.math().gather(s.use(table), 1, idx);
      assertEquals(Shape.of(2, 2, 2), out.shape());
      assertArrayEquals(new float[] {2, 0, 2, 2, 12, 10, 12, 12}, s.toFloats(out));
      s.backward(s.math().sumAll(out));
      assertArrayEquals(new float[] {1, 0, 3, 1, 0, 3}, s.toFloats(s.gradient(table)));
      // axis 0 (embedding lookup), scalar index, rank-1 table
      Tensor rows = s.math().gather(s.use(table), 0, s.constantInts(new int[] {1}, Shape.of()));
      assertArrayEquals(new float[] {10, 11, 12}, s.toFloats(rows));
      Tensor vec = s.constant(new float[] {5, 6, 7}, Shape.of(3));
      Tensor picked = s.math().gather(vec, 0, s.constantInts(new int[] {2, 1, 2}, Shape.of(3, 1)));
      assertEquals(Shape.of(3, 1), picked.shape());
      assertArrayEquals(new float[] {7, 6, 7}, s.toFloats(picked));
    }
  }

  /**
   * Over a single element layer norm is beta and its input gradient exactly zero; libtorch's fused
   * backward returned rounding noise amplified by eps^-1.5 there (x near 100: errors over 1e-3).
   */
  @Test
  void layerNormOverOneElementHasAnExactlyZeroInputGradient() {
    Parameter x = param("x", Shape.of(3, 1), 100.37f, -99.81f, 101.2f);
    Parameter gamma = param("gamma", Shape.of(1), 1.7f);
    Parameter beta = param("beta", Shape.of(1), 0.3f);
    try (Step s = training()) {
      Tensor y = s.nn().layerNorm(s.use(x), s.use(gamma), s.use(beta), EPS);
      assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f}, s.toFloats(y));
      s.backward(s.math().sumAll(s.math().mul(y, s.constant(new float[] {0.9f, -0.4f, 0.7f},
          Shape.of(3, 1)))));
      assertArrayEquals(new float[] {0, 0, 0}, s.toFloats(s.gradient(x)));
      assertArrayEquals(new float[] {0}, s.toFloats(s.gradient(gamma)));
      assertArrayEquals(new float[] {1.2f}, s.toFloats(s.gradient(beta)), 1e-6f);
    }
  }

  @Test
  void gatherMiddleAxisOfRank3() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      float[] v = new float[2 * 3 * 4];
      for (int i = 0; i < v.length; i++) {
        v[i] = i;
      }
      Tensor x = s.constant(v, Shape.of(2, 3, 4));
      Tensor out = s.math().gather(x, 1, s.constantInts(new int[] {2, 0}, Shape.of(2)));
      assertEquals(Shape.of(2, 2, 4), out.shape());
      assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15},
          s.toFloats(out));
    }
  }

  @Test
  void emptyTensorsWork() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor empty = s.constant(new float[0], Shape.of(0, 3));
      assertArrayEquals(new float[] {0, 0, 0}, s.toFloats(s.math().sum(empty, 0, false)));
      Tensor none = s.math().gather(s.zeros(Shape.of(2, 3)), 0,
          s.constantInts(new int[0], Shape.of(0)));
      assertEquals(Shape.of(0, 3), none.shape());
      assertEquals(0, s.toFloats(none).length);
    }
  }

  @Test
  void gatherRejectsOutOfRangeIndices() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor x = s.zeros(Shape.of(4, 2));
      for (int bad : new int[] {4, -1}) {
        VitpException e = assertThrows(VitpException.class,
            () -> s.math().gather(x, 0, s.constantInts(new int[] {0, bad}, Shape.of(2))));
        assertEquals(ErrorCode.USER_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("Op [gather] expected"), e.getMessage());
      }
    }
  }

  @Test
  void crossEntropyMatchesHandComputedValueAndIgnoresTargets() {
    float[] logits = {1, 2, 3, 0, 0, 0, 5, -5, 0};
    Parameter p = param("logits", Shape.of(3, 3), logits);
    try (Step s = training()) {
      Tensor loss = s.nn().crossEntropy(s.use(p), s.constantInts(new int[] {2, -100, 0},
          Shape.of(3)), -100);
      double row0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
      double row2 = -(5 - Math.log(Math.exp(5) + Math.exp(-5) + Math.exp(0)));
      assertEquals((row0 + row2) / 2, s.item(loss), EPS);
      s.backward(loss);
      float[] g = s.toFloats(s.gradient(p));
      // ignored row gets nothing; kept rows get (softmax - onehot) / 2
      assertArrayEquals(new float[] {0, 0, 0}, new float[] {g[3], g[4], g[5]});
      double z0 = Math.exp(1) + Math.exp(2) + Math.exp(3);
      assertEquals((Math.exp(3) / z0 - 1) / 2, g[2], EPS);
      assertEquals(Math.exp(1) / z0 / 2, g[0], EPS);
    }
  }

  @Test
  void crossEntropyOfOnlyIgnoredTargetsIsZeroNotNaN() {
    Parameter p = param("logits", Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
    try (Step s = training()) {
      Tensor loss = s.nn().crossEntropy(s.use(p), s.constantInts(new int[] {-1, -1}, Shape.of(2)),
          -1);
      assertEquals(0f, s.item(loss));
      s.backward(loss);
      assertEquals(null, s.gradient(p));
    }
  }

  @Test
  void crossEntropyRejectsOutOfRangeTargets() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor logits = s.zeros(Shape.of(2, 3));
      for (int bad : new int[] {3, -2}) {
        VitpException e = assertThrows(VitpException.class, () -> s.nn().crossEntropy(logits,
            s.constantInts(new int[] {0, bad}, Shape.of(2)), -1));
        assertEquals(ErrorCode.USER_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("Op [crossEntropy] expected targets in [0, 3)"),
            e.getMessage());
      }
    }
  }

  @Test
  void causalAttentionNeverLooksAtTheFuture() {
    SplittableRandom random = new SplittableRandom(5);
    int t = 4;
    int d = 3;
    float[] q = randoms(random, t * d);
    float[] k = randoms(random, t * d);
    float[] v = randoms(random, t * d);
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Shape shape = Shape.of(1, 1, t, d);
      float[] base = s.toFloats(s.nn().attention(s.constant(q, shape), s.constant(k, shape),
          s.constant(v, shape), true));
      // Query 0 sees key 0 only: its output is v[0].
      assertArrayEquals(new float[] {v[0], v[1], v[2]}, new float[] {base[0], base[1], base[2]},
          EPS);
      // Changing the last key and value changes only the last query's output.
      float[] k2 = k.clone();
      float[] v2 = v.clone();
      for (int i = (t - 1) * d; i < t * d; i++) {
        k2[i] += 3;
        v2[i] -= 2;
      }
      float[] moved = s.toFloats(s.nn().attention(s.constant(q, shape), s.constant(k2, shape),
          s.constant(v2, shape), true));
      for (int i = 0; i < (t - 1) * d; i++) {
        assertEquals(base[i], moved[i], EPS, "element " + i);
      }
      float[] full = s.toFloats(s.nn().attention(s.constant(q, shape), s.constant(k, shape),
          s.constant(v, shape), false));
      assertArrayEquals(attentionReference(q, k, v, t, d, false), full, 1e-5f);
      assertArrayEquals(attentionReference(q, k, v, t, d, true), base, 1e-5f);
    }
  }

  private static float[] attentionReference(float[] q, float[] k, float[] v, int t, int d,
      boolean causal) {
    float[] out = new float[t * d];
    for (int i = 0; i < t; i++) {
      int last = causal ? i : t - 1;
      double[] w = new double[last + 1];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j <= last; j++) {
        double dot = 0;
        for (int c = 0; c < d; c++) {
          dot += q[i * d + c] * k[j * d + c];
        }
        w[j] = dot / Math.sqrt(d);
        max = Math.max(max, w[j]);
      }
      double z = 0;
      for (int j = 0; j <= last; j++) {
        w[j] = Math.exp(w[j] - max);
        z += w[j];
      }
      for (int j = 0; j <= last; j++) {
        for (int c = 0; c < d; c++) {
          out[i * d + c] += (float) (w[j] / z * v[j * d + c]);
        }
      }
    }
    return out;
  }

  @Test
  void conv2dShapesAndValues() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      float[] x = new float[16];
      for (int i = 0; i < 16; i++) {
        x[i] = i;
      }
      Tensor input = s.constant(x, Shape.of(1, 1, 4, 4));
      Tensor ones = s.full(Shape.of(2, 1, 2, 2), 1f);
      Tensor bias = s.constant(new float[] {0, 100}, Shape.of(2));
      Tensor y = s.nn().conv2d(input, ones, bias, 2, 0);
      assertEquals(Shape.of(1, 2, 2, 2), y.shape());
      assertArrayEquals(new float[] {10, 18, 42, 50, 110, 118, 142, 150}, s.toFloats(y));
      Tensor padded = s.nn().conv2d(input, s.full(Shape.of(3, 1, 3, 3), 1f), null, 1, 1);
      assertEquals(Shape.of(1, 3, 4, 4), padded.shape());
      assertEquals(0 + 1 + 4 + 5, s.toFloats(padded)[0]);
    }
  }

  @Test
  void convTranspose2dMatchesTheScatterDefinitionOnBothPaths() {
    SplittableRandom random = new SplittableRandom(11);
    int[][] cases = {
      // cin, cout, h, w, k, stride, padding
      {3, 2, 3, 4, 2, 2, 0}, // non-overlapping fast path
      {2, 3, 3, 3, 3, 2, 1}, // general, overlapping
      {2, 2, 4, 3, 3, 1, 0}, // stride 1
      {1, 2, 3, 3, 2, 1, 1}, // padding crops
      {2, 1, 2, 2, 1, 3, 0}, // kernel smaller than stride
      {1, 1, 3, 2, 4, 2, 2},
    };
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      for (int[] c : cases) {
        int cin = c[0];
        int cout = c[1];
        int h = c[2];
        int w = c[3];
        int k = c[4];
        int stride = c[5];
        int pad = c[6];
        float[] x = randoms(random, 2 * cin * h * w);
        float[] wt = randoms(random, cin * cout * k * k);
        float[] b = randoms(random, cout);
        Tensor y = s.nn().convTranspose2d(s.constant(x, Shape.of(2, cin, h, w)),
            s.constant(wt, Shape.of(cin, cout, k, k)), s.constant(b, Shape.of(cout)), stride, pad);
        int oh = (h - 1) * stride - 2 * pad + k;
        int ow = (w - 1) * stride - 2 * pad + k;
        assertEquals(Shape.of(2, cout, oh, ow), y.shape());
        assertArrayEquals(convTransposeReference(x, wt, b, 2, cin, cout, h, w, k, stride, pad),
            s.toFloats(y), 1e-4f, java.util.Arrays.toString(c));
      }
    }
  }

  @Test
  void convTranspose2dGradientsFlowOnBothPaths() {
    Parameter w1 = param("w1", Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
    Parameter w2 = param("w2", Shape.of(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
    try (Step s = training()) {
      Tensor x = s.constant(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
      Tensor y1 = s.nn().convTranspose2d(x, s.use(w1), null, 2, 0);
      Tensor y2 = s.nn().convTranspose2d(x, s.use(w2), null, 2, 1);
      s.backward(s.math().add(s.math().sumAll(y1), s.math().sumAll(y2)));
      // Each kernel tap of the non-overlapping path sees every input pixel once.
      assertArrayEquals(new float[] {10, 10, 10, 10}, s.toFloats(s.gradient(w1)));
      // General path: d(sum y)/dw[ky][kx] = sum of the inputs whose tap lands inside the output.
      float[] xs = {1, 2, 3, 4};
      float[] expected = new float[9];
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          for (int iy = 0; iy < 2; iy++) {
            for (int ix = 0; ix < 2; ix++) {
              int oy = iy * 2 - 1 + ky;
              int ox = ix * 2 - 1 + kx;
              if (oy >= 0 && oy < 3 && ox >= 0 && ox < 3) {
                expected[ky * 3 + kx] += xs[iy * 2 + ix];
              }
            }
          }
        }
      }
      assertArrayEquals(expected, s.toFloats(s.gradient(w2)));
    }
  }

  private static float[] convTransposeReference(float[] x, float[] w, float[] b, int n, int cin,
      int cout, int h, int wd, int k, int stride, int pad) {
    int oh = (h - 1) * stride - 2 * pad + k;
    int ow = (wd - 1) * stride - 2 * pad + k;
    float[] out = new float[n * cout * oh * ow];
    for (int b0 = 0; b0 < n; b0++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < oh * ow; i++) {
          out[((b0 * cout + o) * oh) * ow + i] = b[o];
        }
        for (int c = 0; c < cin; c++) {
          for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < wd; xx++) {
              float v = x[((b0 * cin + c) * h + y) * wd + xx];
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int oy = y * stride - pad + ky;
                  int ox = xx * stride - pad + kx;
                  if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                    out[((b0 * cout + o) * oh + oy) * ow + ox] +=
                        v * w[((c * cout + o) * k + ky) * k + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void resizeBilinearMatchesPytorchAlignCornersFalse() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      Tensor x = s.constant(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
      Tensor up = s.nn().resizeBilinear(x, 4, 4);
      // torch.nn.functional.interpolate(x, size=(4, 4), mode="bilinear", align_corners=False)
      assertArrayEquals(new float[] {
          1.00f, 1.25f, 1.75f, 2.00f,
          1.50f, 1.75f, 2.25f, 2.50f,
          2.50f, 2.75f, 3.25f, 3.50f,
          3.00f, 3.25f, 3.75f, 4.00f}, s.toFloats(up), EPS);
      // Shrinking is plain bilinear (no antialiasing): 4 -> 2 averages neighbour pairs.
      Tensor row = s.constant(new float[] {1, 3, 10, 30}, Shape.of(1, 1, 1, 4));
      assertArrayEquals(new float[] {2, 20}, s.toFloats(s.nn().resizeBilinear(row, 1, 2)), EPS);
      // 3 -> 5: scale 0.6, src = 0.6 * (dst + 0.5) - 0.5 clamped at 0
      Tensor col = s.constant(new float[] {0, 10, 20}, Shape.of(1, 1, 3, 1));
      assertArrayEquals(new float[] {0, 4, 10, 16, 20},
          s.toFloats(s.nn().resizeBilinear(col, 5, 1)), 1e-4f);
      assertArrayEquals(new float[] {1, 2, 3, 4}, s.toFloats(s.nn().resizeBilinear(x, 2, 2)));
    }
  }

  @Test
  void maxAndMaximumSendTheGradientWhereTheContractSays() {
    Parameter a = param("a", Shape.of(2, 3), 1, 7, 7, 4, 4, 2);
    Parameter b = param("b", Shape.of(3), 7, 0, 7);
    try (Step s = training()) {
      Tensor max = s.math().max(s.use(a), 1, false);
      assertArrayEquals(new float[] {7, 4}, s.toFloats(max));
      assertEquals(Shape.of(2, 1), s.math().max(s.use(a), 1, true).shape());
      s.backward(s.math().sumAll(max));
      assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, s.toFloats(s.gradient(a)),
          "first maximal element only");
    }
    session.zeroGradients();
    try (Step s = training()) {
      Tensor m = s.math().maximum(s.use(a), s.use(b)); // b broadcasts over rows
      assertArrayEquals(new float[] {7, 7, 7, 7, 4, 7}, s.toFloats(m));
      s.backward(s.math().sumAll(m));
      // ties (a == b) go to a
      assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0}, s.toFloats(s.gradient(a)));
      assertArrayEquals(new float[] {2, 0, 1}, s.toFloats(s.gradient(b)),
          "broadcast gradient is reduced to b's shape");
    }
    session.zeroGradients();
    try (Step s = training()) {
      Tensor m = s.math().minimum(s.use(a), s.use(b));
      s.backward(s.math().sumAll(m));
      assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, s.toFloats(s.gradient(a)));
    }
  }

  @Test
  void geluIsExactAndLayerNormUsesBiasedVariance() {
    try (Step s = session.newStep(StepMode.INFERENCE, 1)) {
      float[] g = s.toFloats(s.nn().gelu(s.constant(new float[] {1f, -0.5f}, Shape.of(2))));
      assertEquals(0.8413447460685429, g[0], 1e-6); // erf form; tanh form gives 0.841192
      assertEquals(-0.15426876, g[1], 1e-6);
      Tensor x = s.constant(new float[] {1, 2, 3, 4}, Shape.of(1, 4));
      Tensor y = s.nn().layerNorm(x, s.full(Shape.of(4), 2f), s.full(Shape.of(4), 1f), 1e-6f);
      double sd = Math.sqrt(1.25 + 1e-6);
      float[] expected = new float[4];
      for (int i = 0; i < 4; i++) {
        expected[i] = (float) (2 * (i + 1 - 2.5) / sd + 1);
      }
      assertArrayEquals(expected, s.toFloats(y), EPS);
    }
  }

  private static float[] randoms(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }
}
