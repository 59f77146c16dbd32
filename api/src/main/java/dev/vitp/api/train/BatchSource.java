package dev.vitp.api.train;

import dev.vitp.spi.pretrain.ModelBatch;

/**
 * Training batches addressed by (step, micro-batch), so a resumed run sees exactly the batches the
 * uninterrupted run would have seen.
 */
@FunctionalInterface
public interface BatchSource {
  ModelBatch batch(long step, int micro);
}
