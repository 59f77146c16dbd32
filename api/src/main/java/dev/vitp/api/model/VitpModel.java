package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.EnumSet;

/**
 * ViT → pixel-shuffle projector → causal decoder, with the next-token loss on assistant tokens.
 * Parameters are named as in InternVL: {@code vision_model.*}, {@code mlp1.*}, {@code
 * language_model.*}.
 */
public final class VitpModel {
  /** The ops this model runs; checked against the backend before the first step. */
  public static final EnumSet<Op> REQUIRED_OPS = EnumSet.of(Op.CONSTANT, Op.ADD, Op.MUL,
      Op.MUL_SCALAR, Op.MATMUL, Op.TRANSPOSE, Op.RESHAPE, Op.CONCAT, Op.SLICE, Op.GATHER,
      Op.LINEAR, Op.LAYER_NORM, Op.GELU, Op.ATTENTION, Op.CROSS_ENTROPY, Op.BERNOULLI);

  /** The parameter scope of the ViT, as in InternVL checkpoints. */
  public static final String VISION_SCOPE = "vision_model";

  /** The name prefix of every ViT parameter, as in InternVL checkpoints. */
  public static final String VISION_PREFIX = VISION_SCOPE + ".";

  private final ModelSpec spec;
  private final int vocabSize;
  private final VisionTransformer vit;
  private final PixelShuffleProjector projector;
  private final CausalDecoder decoder;

  public VitpModel(BackendSession session, ModelSpec spec, int vocabSize, long seed) {
    this(ParameterScope.root(session, seed), spec, vocabSize);
  }

  private VitpModel(ParameterScope root, ModelSpec spec, int vocabSize) {
    this(root, visionModel(root, spec.vit()), spec, vocabSize);
  }

  /**
   * The model around a ViT already built under {@code root} (by {@link #visionModel}), as the
   * {@code instruction} objective builds it: projector and decoder are created here.
   */
  public VitpModel(ParameterScope root, VisionTransformer vit, ModelSpec spec, int vocabSize) {
    DecoderSpec d = spec.decoder();
    if (d == null) {
      throw VitpException.userError("Expected a model spec with a language decoder for ViTP "
          + "pretraining. Received: preset=" + spec.name() + " (backbone only)");
    }
    Backend backend = root.session().backend();
    backend.requireOps(REQUIRED_OPS, "the ViTP model");
    this.spec = spec;
    this.vocabSize = vocabSize;
    this.vit = vit;
    this.projector = new PixelShuffleProjector(root.child("mlp1"), spec.vit().width(),
        spec.vit().grid(), d.width(), d.layerNormEps());
    this.decoder = new CausalDecoder(root.child("language_model"), d, spec.imageTokens(), vocabSize);
  }

  /** The ViT of a pretraining run, under {@code vision_model.*} (InternVL's names). */
  public static VisionTransformer visionModel(ParameterScope root, VitSpec spec) {
    return new VisionTransformer(root.child(VISION_SCOPE), spec);
  }

  public ModelSpec spec() {
    return spec;
  }

  public int vocabSize() {
    return vocabSize;
  }

  public VisionTransformer vit() {
    return vit;
  }

  /**
   * Logits {@code [B, T, vocab]} for the batch's text positions; {@code kept} has one row per
   * image ({@link ModelBatch#imageCount()}).
   */
  public Tensor logits(Step step, ModelBatch batch, KeptTokens kept) {
    Tensor images = step.constant(batch.images(),
        Shape.of(batch.imageCount(), 3, batch.imageSize(), batch.imageSize()));
    Tensor ids = step.constantInts(batch.textIds(), Shape.of(batch.batchSize(),
        batch.textTokens()));
    Tensor imageTokens = projector.forward(step, vit.forward(step, images));
    return decoder.forward(step, imageTokens, batch.imagesPerSample(), kept, ids);
  }

  /** Mean cross-entropy over the supervised (assistant) targets. */
  public Tensor loss(Step step, ModelBatch batch, KeptTokens kept) {
    Tensor logits = logits(step, batch, kept);
    int rows = batch.batchSize() * batch.textTokens();
    Tensor targets = step.constantInts(batch.targets(), Shape.of(rows));
    return step.nn().crossEntropy(step.math().reshape(logits, rows, vocabSize), targets,
        ModelBatch.IGNORE);
  }
}
