package dev.vitp.spi.pretrain;

import dev.vitp.spi.backend.Step;
import java.util.SplittableRandom;

/** An objective built into a session: the loss of one micro-batch. */
@FunctionalInterface
public interface ObjectiveModel {
  /**
   * The differentiable loss of one micro-batch (a scalar; the runtime back-propagates it).
   *
   * @param random seeded from (run seed, step, micro-batch): the only randomness allowed for
   *     masks and token drops, so that a resumed run repeats the uninterrupted one bit for bit
   * @return the loss, or {@link ObjectiveLoss#skipped()} when the batch has nothing to learn
   *     from (e.g. no supervised token)
   */
  ObjectiveLoss loss(Step step, ModelBatch batch, SplittableRandom random);
}
