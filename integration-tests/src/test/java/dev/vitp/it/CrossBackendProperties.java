package dev.vitp.it;

import static dev.vitp.it.CrossBackend.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.api.model.DecoderSpec;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.PixelShuffleProjector;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitSpec;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.api.vrl.UniformTokenDrop;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * The jvm backend computes what djl-pytorch computes, on whole models (and djl-tensorflow, which
 * infers only, the same forward results): for random small ViT and
 * ViTP specs, weights ({@link ParameterScope#root} gives both backends the same initial values),
 * images, text and VRL choices, the two agree on ViT features, projected VRL-gathered image
 * tokens, decoder logits and loss (relative 1e-4) and on the gradient of every parameter
 * (relative 1e-3), with drop path switched on (its masks come from the step seed on the host, so
 * they are equal too).
 */
class CrossBackendProperties {
  private static final double VALUES = 1e-4;
  private static final double GRADIENTS = 1e-3;

  @Provide
  Arbitrary<VitSpec> vitSpecs() {
    Arbitrary<Integer> patch = Arbitraries.of(2, 4);
    Arbitrary<Integer> grid = Arbitraries.of(2, 4);
    Arbitrary<int[]> widthHeads = Arbitraries.of(new int[] {8, 1}, new int[] {8, 2},
        new int[] {12, 3}, new int[] {16, 4}, new int[] {24, 2});
    Arbitrary<Integer> depth = Arbitraries.integers().between(1, 2);
    Arbitrary<Integer> mlp = Arbitraries.of(2, 4);
    Arbitrary<Integer> flags = Arbitraries.integers().between(0, 7);
    return Combinators.combine(patch, grid, widthHeads, depth, mlp, flags).as((p, g, wh, d, r, f) ->
        new VitSpec(p * g, p, wh[0], d, wh[1], r, (f & 1) != 0, (f & 2) != 0, 0.1f, (f & 4) != 0,
            1e-6f, 0f));
  }

  @Provide
  Arbitrary<ModelSpec> modelSpecs() {
    Arbitrary<int[]> widthHeads = Arbitraries.of(new int[] {8, 2}, new int[] {16, 4},
        new int[] {12, 1});
    Arbitrary<Integer> depth = Arbitraries.integers().between(1, 2);
    Arbitrary<Integer> text = Arbitraries.integers().between(3, 6);
    Arbitrary<Float> dropPath = Arbitraries.of(0f, 0.3f);
    return Combinators.combine(vitSpecs(), widthHeads, depth, text, dropPath).as((v, wh, d, t, dp) ->
        new ModelSpec("prop", v.withDropPathRate(v.depth() > 1 ? dp : 0f),
            new DecoderSpec(wh[0], d, wh[1], 2, t, 1e-6f, 1)));
  }

  /** ViT features of a batch of images, INFERENCE. */
  @Property(tries = 12)
  void vitFeaturesAgree(@ForAll("vitSpecs") VitSpec spec, @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    float[] images = images(batch, spec.imageSize(), seed);
    float[] want = vitFeatures(CrossBackend.DJL, spec, images, batch, seed);
    float[] got = vitFeatures(CrossBackend.JVM, spec, images, batch, seed);
    assertClose("ViT features " + spec + " (jvm vs djl-pytorch)", want, got, VALUES);
    float[] tensorflow = vitFeatures(CrossBackend.TF, spec, images, batch, seed);
    assertClose("ViT features " + spec + " (djl-tensorflow vs djl-pytorch)", want, tensorflow,
        VALUES);
  }

  private static float[] vitFeatures(Backend backend, VitSpec spec, float[] images, int batch,
      long seed) {
    try (BackendSession session = backend.newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      VisionTransformer vit = new VisionTransformer(ParameterScope.root(session, seed), spec);
      Tensor x = step.constant(images, Shape.of(batch, 3, spec.imageSize(), spec.imageSize()));
      Tensor out = vit.forward(step, x);
      assertEquals(Shape.of(batch, spec.tokens(), spec.width()), out.shape());
      return step.toFloats(out);
    }
  }

  /**
   * Projected image tokens gathered by VRL: the same seed gives the same kept positions, and both
   * backends gather the same (projected) tokens.
   */
  @Property(tries = 10)
  void vrlGatheredTokensAgree(@ForAll("modelSpecs") ModelSpec spec,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll("ratios") double ratio,
      @ForAll long seed) {
    int n = spec.imageTokens();
    UniformTokenDrop drop = new UniformTokenDrop(new UniformDropConfig(ratio, 1.0));
    KeptTokens kept = drop.select(batch, n, new SplittableRandom(seed));
    assertEquals(kept, drop.select(batch, n, new SplittableRandom(seed)), "same seed, same VRL");
    float[] images = images(batch, spec.vit().imageSize(), seed);
    float[] want = gathered(CrossBackend.DJL, spec, images, batch, kept, seed);
    float[] got = gathered(CrossBackend.JVM, spec, images, batch, kept, seed);
    assertClose("VRL-gathered tokens " + spec + " kept " + kept, want, got, VALUES);
    float[] tensorflow = gathered(CrossBackend.TF, spec, images, batch, kept, seed);
    assertClose("VRL-gathered tokens on djl-tensorflow " + spec + " kept " + kept, want,
        tensorflow, VALUES);
  }

  @Provide
  Arbitrary<Double> ratios() {
    return Arbitraries.of(0.0, 0.5, 0.75);
  }

  private static float[] gathered(Backend backend, ModelSpec spec, float[] images, int batch,
      KeptTokens kept, long seed) {
    VitSpec v = spec.vit();
    DecoderSpec d = spec.decoder();
    assertNotNull(d);
    try (BackendSession session = backend.newSession(seed);
        Step step = session.newStep(StepMode.INFERENCE, seed)) {
      ParameterScope root = ParameterScope.root(session, seed);
      VisionTransformer vit = new VisionTransformer(root.child("vision_model"), v);
      PixelShuffleProjector projector = new PixelShuffleProjector(root.child("mlp1"), v.width(),
          v.grid(), d.width(), d.layerNormEps());
      var m = step.math();
      Tensor tokens = projector.forward(step, vit.forward(step,
          step.constant(images, Shape.of(batch, 3, v.imageSize(), v.imageSize()))));
      int n = spec.imageTokens();
      Tensor index = step.constantInts(kept.flatIndices(), Shape.of(batch * kept.keptPerSample()));
      return step.toFloats(m.gather(m.reshape(tokens, batch * n, d.width()), 0, index));
    }
  }

  /**
   * The whole ViTP model: logits (INFERENCE), loss and every parameter's gradient (TRAINING, drop
   * path on when the spec has it).
   */
  @Property(tries = 10)
  void logitsLossAndGradientsAgree(@ForAll("modelSpecs") ModelSpec spec,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 5, max = 40) int vocab,
      @ForAll("ratios") double ratio, @ForAll long seed) {
    ModelBatch data = batch(spec, batch, vocab, seed);
    KeptTokens kept = new UniformTokenDrop(new UniformDropConfig(ratio, 1.0))
        .select(batch, spec.imageTokens(), new SplittableRandom(seed));
    Run want = run(CrossBackend.DJL, spec, data, vocab, kept, seed);
    Run got = run(CrossBackend.JVM, spec, data, vocab, kept, seed);
    String context = spec + ", batch " + batch + ", vocab " + vocab + ", kept " + kept;
    assertClose("logits of " + context, want.logits, got.logits, VALUES);
    assertClose("loss of " + context, new float[] {want.loss}, new float[] {got.loss}, VALUES);
    assertEquals(want.gradients.keySet(), got.gradients.keySet(), "parameters of " + context);
    for (Map.Entry<String, float @Nullable []> e : want.gradients.entrySet()) {
      float[] w = e.getValue();
      float[] g = got.gradients.get(e.getKey());
      assertEquals(w == null, g == null, "has a gradient: " + e.getKey());
      if (w != null && g != null) {
        assertClose("gradient of " + e.getKey() + " in " + context, w, g, GRADIENTS);
      }
    }
  }

  private record Run(float[] logits, float loss, Map<String, float @Nullable []> gradients) {}

  private static Run run(Backend backend, ModelSpec spec, ModelBatch data, int vocab,
      KeptTokens kept, long seed) {
    try (BackendSession session = backend.newSession(seed)) {
      VitpModel model = new VitpModel(session, spec, vocab, seed);
      float[] logits;
      try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
        logits = step.toFloats(model.logits(step, data, kept));
      }
      Map<String, float @Nullable []> gradients = new LinkedHashMap<>();
      float loss;
      try (Step step = session.newStep(StepMode.TRAINING, seed)) {
        Tensor l = model.loss(step, data, kept);
        loss = step.item(l);
        step.backward(l);
        List<Parameter> parameters = session.parameters();
        for (Parameter p : parameters) {
          Tensor g = step.gradient(p);
          gradients.put(p.name(), g == null ? null : step.toFloats(g));
        }
      }
      assertTrue(Float.isFinite(loss), "finite loss on " + backend.name());
      return new Run(logits, loss, gradients);
    }
  }

  static float[] images(int batch, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] images = new float[batch * 3 * size * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextGaussian();
    }
    return images;
  }

  /** Random text whose second half is supervised (the rest IGNORE), as in ViTP instructions. */
  static ModelBatch batch(ModelSpec spec, int batch, int vocab, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x51ED);
    int t = spec.decoder().textTokens();
    int[] ids = new int[batch * t];
    int[] targets = new int[batch * t];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextInt(vocab);
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        targets[b * t + i] = i >= t / 2 && i + 1 < t ? ids[b * t + i + 1] : ModelBatch.IGNORE;
      }
    }
    return new ModelBatch(batch, spec.vit().imageSize(),
        images(batch, spec.vit().imageSize(), seed), t, ids, targets);
  }
}
