package dev.vitp.api.objective;

import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.Presets;
import dev.vitp.api.model.VisionTransformer;
import dev.vitp.api.model.VitpModel;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.pretrain.ObjectiveLoss;
import dev.vitp.spi.pretrain.ObjectiveModel;
import dev.vitp.spi.pretrain.ObjectiveSetup;
import dev.vitp.spi.vrl.KeptTokens;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.util.SplittableRandom;

/**
 * ViTP: the ViT inside a small vision-language model (pixel-shuffle projector, causal decoder),
 * trained by the next-token loss on assistant tokens, with VRL dropping image tokens after
 * positional encoding. A batch without supervised tokens is skipped.
 */
public final class InstructionObjective implements SizedObjective {
  @Override
  public boolean readsText() {
    return true;
  }

  /** With the preset's sizes and the ViT as built (what a plugin-style caller gets). */
  @Override
  public Built build(ObjectiveSetup setup) {
    ModelSpec preset = Presets.get(setup.preset());
    return build(setup, new ModelSpec(preset.name(), vit(setup).spec(), preset.decoder(),
        preset.maeDecoder()));
  }

  @Override
  public Built build(ObjectiveSetup setup, ModelSpec model) {
    return new Built(new VitpModel(setup.scope(), vit(setup), model, setup.vocabSize()),
        setup.tokenDrop());
  }

  private static VisionTransformer vit(ObjectiveSetup setup) {
    if (!(setup.backbone() instanceof VisionTransformer vit)) {
      throw VitpException.userError("Expected the built-in ViT for objective [instruction]. "
          + "Received: " + setup.backbone().getClass().getName());
    }
    return vit;
  }

  /** The built model; {@link #model()} also serves the image-reliance measurement. */
  public record Built(VitpModel model, TokenDropStrategy tokenDrop) implements ObjectiveModel {
    @Override
    public ObjectiveLoss loss(Step step, ModelBatch batch, SplittableRandom random) {
      if (batch.supervisedTokens() == 0) {
        return ObjectiveLoss.skipped();
      }
      // VRL drops the same share of every image's tokens, each image on its own.
      KeptTokens keep = tokenDrop.select(batch.imageCount(), model.spec().imageTokens(), random);
      return new ObjectiveLoss(model.loss(step, batch, keep), keep.keptPerSample());
    }
  }
}
