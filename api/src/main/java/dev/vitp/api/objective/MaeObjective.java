package dev.vitp.api.objective;

import dev.vitp.api.model.MaeDecoderSpec;
import dev.vitp.api.model.MaeMask;
import dev.vitp.api.model.MaskedAutoencoder;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.Presets;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.spi.pretrain.ObjectiveLoss;
import dev.vitp.spi.pretrain.ObjectiveModel;
import dev.vitp.spi.pretrain.ObjectiveSetup;
import java.util.SplittableRandom;

/**
 * Masked image modelling (MAE, He et al. 2022) on the same ViT and images as ViTP: every image
 * of a batch (both dates of a change pair included) hides {@code maskRatio} of its patches, drawn
 * from the step's generator; the decoder lives under {@code mae_decoder.*}.
 */
public final class MaeObjective implements SizedObjective {
  /** The scope of the decoder's parameters. */
  public static final String SCOPE = "mae_decoder";

  private final MaeObjectiveConfig config;

  public MaeObjective(MaeObjectiveConfig config) {
    this.config = config;
  }

  @Override
  public ObjectiveModel build(ObjectiveSetup setup) {
    return build(setup, Presets.get(setup.preset()));
  }

  @Override
  public ObjectiveModel build(ObjectiveSetup setup, ModelSpec model) {
    MaeDecoderSpec decoder = model.maeDecoder();
    if (decoder == null) {
      throw VitpException.userError("Expected a preset with an MAE decoder for objective [mae]. "
          + "Received: preset=" + setup.preset());
    }
    MaskedAutoencoder mae = new MaskedAutoencoder(setup.scope().child(SCOPE), setup.backbone(),
        decoder);
    int patches = setup.backbone().grid() * setup.backbone().grid();
    return (Step step, ModelBatch batch, SplittableRandom random) -> {
      MaeMask mask = MaeMask.random(batch.imageCount(), patches, config.maskRatio(), random);
      return new ObjectiveLoss(mae.loss(step, batch.images(), batch.imageCount(), mask,
          config.normPixLoss()), mask.visible().keptPerSample());
    };
  }
}
