package dev.vitp.spi.nn;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;

/** A lookup table {@code weight[count, dim]}; ids of any shape map to {@code ids.shape + [dim]}. */
public final class Embedding {
  private final Parameter weight;

  public Embedding(ParameterScope scope, int count, int dim) {
    this.weight = scope.create("weight", Shape.of(count, dim), Init.truncatedNormal(0.02f));
  }

  /** Looks up int32 ids. */
  public Tensor forward(Step step, Tensor ids) {
    return step.math().gather(step.use(weight), 0, ids);
  }

  public Parameter weight() {
    return weight;
  }
}
