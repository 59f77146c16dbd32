package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.ParameterScope;

/**
 * A 2-D convolution ({@code transposed}: a transposed one) with bias, He-initialised for the
 * (GELU/ReLU) non-linearity that follows. Weights are {@code [out, in, k, k]}, or {@code [in, out,
 * k, k]} when transposed, as in PyTorch.
 */
final class Conv {
  private final Parameter weight;
  private final Parameter bias;
  private final int stride;
  private final int padding;
  private final boolean transposed;

  private Conv(ParameterScope scope, int in, int out, int kernel, int stride, int padding,
      boolean transposed, Init biasInit) {
    // Transposed with kernel == stride: every output pixel sees one tap of each input channel.
    int fanIn = transposed ? in * (kernel / stride) * (kernel / stride) : in * kernel * kernel;
    float std = (float) Math.sqrt(2.0 / fanIn);
    Shape shape = transposed ? Shape.of(in, out, kernel, kernel) : Shape.of(out, in, kernel, kernel);
    this.weight = scope.create("weight", shape, Init.truncatedNormal(std));
    this.bias = scope.create("bias", Shape.of(out), biasInit);
    this.stride = stride;
    this.padding = padding;
    this.transposed = transposed;
  }

  /** A {@code k×k} convolution, stride {@code s}, padding {@code p}. */
  static Conv of(ParameterScope scope, int in, int out, int k, int s, int p) {
    return new Conv(scope, in, out, k, s, p, false, Init.zeros());
  }

  /** A convolution whose bias starts at {@code bias} (e.g. a focal-loss prior). */
  static Conv withBias(ParameterScope scope, int in, int out, int k, float bias) {
    return new Conv(scope, in, out, k, 1, k / 2, false, Init.constant(bias));
  }

  /** A transposed {@code k×k} convolution with stride {@code k}: upsamples by {@code k}. */
  static Conv up(ParameterScope scope, int in, int out, int k) {
    return new Conv(scope, in, out, k, k, 0, true, Init.zeros());
  }

  Tensor forward(Step step, Tensor x) {
    return transposed
        ? step.nn().convTranspose2d(x, step.use(weight), step.use(bias), stride, padding)
        : step.nn().conv2d(x, step.use(weight), step.use(bias), stride, padding);
  }
}
