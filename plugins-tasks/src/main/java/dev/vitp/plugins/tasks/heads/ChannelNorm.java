package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.ParameterScope;

/** Layer norm over the channels of an {@code NCHW} map (ViTDet's "LN" in its simple pyramid). */
final class ChannelNorm {
  private final LayerNorm norm;

  ChannelNorm(ParameterScope scope, int channels) {
    this.norm = new LayerNorm(scope, channels, 1e-6f);
  }

  Tensor forward(Step step, Tensor x) {
    var m = step.math();
    Tensor nhwc = m.transpose(x, 0, 2, 3, 1);
    return m.transpose(norm.forward(step, nhwc), 0, 3, 1, 2);
  }
}
