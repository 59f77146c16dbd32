package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.ParameterScope;
import java.util.ArrayList;
import java.util.List;

/**
 * ViT-Adapter's spatial prior in miniature: a small convolutional stem on the input image whose
 * map, at the neck's output resolution, is added to the fused ViT features. A plain ViT sees the
 * image only through {@code patch × patch} tokens; the stem gives the dense heads the sub-patch
 * detail (edges, thin roads) that the paper's heads get from their adapter, so the backbone is
 * judged on what it adds beyond pixels.
 */
final class SpatialPrior {
  private final List<Conv> convs = new ArrayList<>();
  private final List<ChannelNorm> norms = new ArrayList<>();
  private final int outSize;

  /**
   * @param imageSize input side in pixels
   * @param outSize side of the map to produce (the neck's output)
   */
  SpatialPrior(ParameterScope scope, int channels, int imageSize, int outSize) {
    this.outSize = outSize;
    int size = imageSize;
    int in = 3;
    int i = 0;
    // Stride-2 3×3 convolutions down to the output size, then one at stride 1 to mix.
    while (size / 2 >= outSize) {
      int out = Math.max(channels / 2, 16);
      convs.add(Conv.of(scope.child("conv").child(i), in, out, 3, 2, 1));
      norms.add(new ChannelNorm(scope.child("norm").child(i), out));
      in = out;
      size = (size + 1) / 2;
      i++;
    }
    convs.add(Conv.of(scope.child("conv").child(i), in, channels, 3, 1, 1));
    norms.add(new ChannelNorm(scope.child("norm").child(i), channels));
  }

  /** Images {@code [B, 3, S, S]} → {@code [B, channels, outSize, outSize]}. */
  Tensor forward(Step step, Tensor images) {
    Tensor x = images;
    for (int i = 0; i < convs.size(); i++) {
      x = norms.get(i).forward(step, convs.get(i).forward(step, x));
      if (i < convs.size() - 1) {
        x = step.nn().gelu(x);
      }
    }
    return x.shape().dim(2) == outSize ? x : step.nn().resizeBilinear(x, outSize, outSize);
  }
}
