package dev.vitp.spi.nn;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;

/** Layer normalisation over the last axis with learned {@code weight} and {@code bias}. */
public final class LayerNorm {
  private final Parameter weight;
  private final Parameter bias;
  private final float eps;

  public LayerNorm(ParameterScope scope, int dim, float eps) {
    this.weight = scope.create("weight", Shape.of(dim), Init.ones());
    this.bias = scope.create("bias", Shape.of(dim), Init.zeros());
    this.eps = eps;
  }

  public Tensor forward(Step step, Tensor x) {
    return step.nn().layerNorm(x, step.use(weight), step.use(bias), eps);
  }
}
