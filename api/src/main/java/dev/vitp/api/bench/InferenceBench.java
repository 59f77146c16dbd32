package dev.vitp.api.bench;

import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitpModel;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.ParameterScope;
import java.util.SplittableRandom;

/**
 * Times the ViT's forward as {@code vitp embed} runs it: an inference step (no gradients) per
 * batch of synthetic images, every block, the CLS feature copied back to the host. Random weights:
 * the speed of a forward does not depend on them.
 */
public final class InferenceBench {
  private InferenceBench() {}

  public static TrainingBench.Result run(Backend backend, ModelSpec spec, int batch, int steps,
      int warmup, long seed) {
    backend.requireCapability(Capability.INFERENCE, "vitp bench --inference");
    TrainingBench.requirePositive(steps, warmup, batch);
    int size = spec.vit().imageSize();
    float[] pixels = new float[batch * 3 * size * size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) r.nextGaussian();
    }
    double[] millis = new double[steps];
    try (BackendSession session = backend.newSession(seed)) {
      VisionTransformer vit = VitpModel.visionModel(ParameterScope.root(session, seed), spec.vit());
      for (int i = 0; i < warmup + steps; i++) {
        long started = System.nanoTime();
        try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
          Tensor tokens = vit.forward(step, step.constant(pixels, Shape.of(batch, 3, size, size)),
              vit.depth()).get(0);
          step.toFloats(step.math().slice(tokens, 1, 0, 1));
        }
        if (i >= warmup) {
          millis[i - warmup] = (System.nanoTime() - started) / 1e6;
        }
      }
    }
    double median = TrainingBench.median(millis);
    double imagesPerSecond = batch / (median / 1000);
    double gflopPerImage = spec.vitForwardFlopsPerImage() / 1e9;
    double gflops = gflopPerImage * imagesPerSecond;
    double peak = TrainingBench.matmulPeakGflops(backend, seed);
    return new TrainingBench.Result(TrainingBench.INFERENCE, backend.name(), spec.name(), batch,
        0, spec.vit().tokens() - 1, steps, imagesPerSecond, median, TrainingBench.peakRssMb(),
        gflopPerImage, gflops, peak, gflops / peak);
  }
}
