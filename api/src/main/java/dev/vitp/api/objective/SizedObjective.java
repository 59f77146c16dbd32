package dev.vitp.api.objective;

import dev.vitp.api.model.ModelSpec;
import dev.vitp.spi.pretrain.ObjectiveModel;
import dev.vitp.spi.pretrain.ObjectiveSetup;
import dev.vitp.spi.pretrain.PretrainObjective;

/**
 * A built-in objective that builds from the run's exact model sizes (a preset with a run's {@code
 * model} overrides and {@code --init-backbone}'s ViT), not from the preset's name alone, which is
 * all {@link ObjectiveSetup} carries for plugins.
 */
public interface SizedObjective extends PretrainObjective {
  ObjectiveModel build(ObjectiveSetup setup, ModelSpec model);
}
