package dev.vitp.spi.nn;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import org.jspecify.annotations.Nullable;

/** {@code y = x W^T + b} with {@code weight[out, in]} and {@code bias[out]} (PyTorch layout). */
public final class Linear {
  private final Parameter weight;
  private final @Nullable Parameter bias;

  /** Weights truncated-normal(0.02), bias zeros — the ViT/timm initialisation. */
  public Linear(ParameterScope scope, int in, int out, boolean withBias) {
    this.weight = scope.create("weight", Shape.of(out, in), Init.truncatedNormal(0.02f));
    this.bias = withBias ? scope.create("bias", Shape.of(out), Init.zeros()) : null;
  }

  public Tensor forward(Step step, Tensor x) {
    return step.nn().linear(x, step.use(weight), bias == null ? null : step.use(bias));
  }

  public Parameter weight() {
    return weight;
  }

  public @Nullable Parameter bias() {
    return bias;
  }
}
