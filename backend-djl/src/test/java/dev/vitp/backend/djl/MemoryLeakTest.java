package dev.vitp.backend.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A long training loop keeps process RSS flat: every step's intermediates, parameter views and
 * gradient handles are freed when the step closes, and gradients are zeroed in place.
 *
 * <p>Model: linear(16 -> 32) -> gelu -> linear(32 -> 4) -> crossEntropy, plain SGD written with
 * {@code step.assign}. RSS is read from /proc/self/status after warm-up (step 200) and at the
 * end. The module's test JVM runs with a fixed, pre-touched heap (see the pom), so Java heap
 * growth cannot pass for (or hide) native growth. One intra-op thread: with more, PyTorch's OpenMP
 * barriers make tiny ops crawl on an oversubscribed CI box, and the figure printed is steps/s.
 */
class MemoryLeakTest {
  private static final int STEPS = 2_000;
  private static final int WARM_UP = 200;
  private static final long MAX_GROWTH_KIB = 64 * 1024;
  private static final int IN = 16;
  private static final int HIDDEN = 32;
  private static final int CLASSES = 4;
  private static final int BATCH = 8;
  private static final int SAMPLES = 64;

  @Test
  void rssStaysFlatOverTwoThousandTrainingSteps() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    // A learnable task: the class is the argmax of a fixed random projection.
    float[] xs = new float[SAMPLES * IN];
    int[] ys = new int[SAMPLES];
    float[] teacher = gaussian(random, CLASSES * IN, 1f);
    for (int n = 0; n < SAMPLES; n++) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < IN; i++) {
        xs[n * IN + i] = (float) random.nextGaussian();
      }
      for (int c = 0; c < CLASSES; c++) {
        double score = 0;
        for (int i = 0; i < IN; i++) {
          score += teacher[c * IN + i] * xs[n * IN + i];
        }
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      ys[n] = best;
    }

    DjlPytorchBackend backend = new DjlPytorchBackend(new DjlPytorchConfig(1));
    long warmKib = 0;
    long warmNanos = 0;
    float firstLoss = Float.NaN;
    float lastLoss = Float.NaN;
    try (BackendSession session = backend.newSession(1)) {
      Parameter w1 = session.createParameter("fc1.weight", Shape.of(HIDDEN, IN),
          gaussian(random, HIDDEN * IN, 0.25f), true);
      Parameter b1 = session.createParameter("fc1.bias", Shape.of(HIDDEN), new float[HIDDEN], true);
      Parameter w2 = session.createParameter("fc2.weight", Shape.of(CLASSES, HIDDEN),
          gaussian(random, CLASSES * HIDDEN, 0.18f), true);
      Parameter b2 = session.createParameter("fc2.bias", Shape.of(CLASSES), new float[CLASSES],
          true);
      List<Parameter> params = List.of(w1, b1, w2, b2);
      float[] x = new float[BATCH * IN];
      int[] y = new int[BATCH];
      for (int i = 0; i < STEPS; i++) {
        int offset = (i * BATCH) % SAMPLES;
        System.arraycopy(xs, offset * IN, x, 0, BATCH * IN);
        System.arraycopy(ys, offset, y, 0, BATCH);
        try (Step step = session.newStep(StepMode.TRAINING, i)) {
          Tensor input = step.constant(x, Shape.of(BATCH, IN));
          Tensor hidden = step.nn().gelu(step.nn().linear(input, step.use(w1), step.use(b1)));
          Tensor logits = step.nn().linear(hidden, step.use(w2), step.use(b2));
          Tensor loss = step.nn().crossEntropy(logits, step.constantInts(y, Shape.of(BATCH)), -100);
          step.backward(loss);
          for (Parameter p : params) {
            step.assign(p, step.math().sub(step.use(p),
                step.math().mulScalar(step.gradient(p), 0.1f)));
          }
          if (i == 0) {
            firstLoss = step.item(loss);
          }
          if (i == STEPS - 1) {
            lastLoss = step.item(loss);
          }
        }
        session.zeroGradients();
        if (i == WARM_UP - 1) {
          warmKib = rssKib();
          warmNanos = System.nanoTime();
        }
      }
    }
    long endKib = rssKib();
    double seconds = (System.nanoTime() - warmNanos) / 1e9;
    double stepsPerSecond = (STEPS - WARM_UP) / seconds;
    System.out.printf("MemoryLeakTest: RSS after warm-up (step %d) %.1f MiB, after step %d %.1f MiB"
        + " (growth %+.1f MiB); %.0f steps/s; loss %.4f -> %.4f%n", WARM_UP, warmKib / 1024.0,
        STEPS, endKib / 1024.0, (endKib - warmKib) / 1024.0, stepsPerSecond, firstLoss, lastLoss);
    assertTrue(endKib - warmKib < MAX_GROWTH_KIB, "RSS grew from " + warmKib + " KiB to " + endKib
        + " KiB over " + (STEPS - WARM_UP) + " steps");
    assertTrue(lastLoss < firstLoss * 0.5f, "SGD through assign should learn: loss " + firstLoss
        + " -> " + lastLoss);
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("No VmRSS in /proc/self/status");
  }

  private static float[] gaussian(SplittableRandom random, int n, float std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return v;
  }
}
