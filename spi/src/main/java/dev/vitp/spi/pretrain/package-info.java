/**
 * The pretraining-objective contract: a {@link dev.vitp.spi.pretrain.PretrainObjective} builds
 * its modules around the ViT being pretrained and gives the loss of each batch; the runtime owns
 * data, optimiser, schedule, checkpoints and resume. Built in: {@code instruction} (ViTP) and
 * {@code mae}.
 */
@NullMarked
package dev.vitp.spi.pretrain;

import org.jspecify.annotations.NullMarked;
