package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.ParameterScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A simple multi-scale neck for a plain ViT (ViTDet's simple feature pyramid, fed from several
 * blocks as UperNet-on-ViT does): the maps of the tapped blocks, shallow to deep, become pyramid
 * levels at ×4, ×2, ×1 and ×½ the patch grid (two 2×2 deconvolutions, one, a 1×1 convolution, a 2×2
 * stride-2 convolution), each projected to {@code channels} and normalised; an FPN-style fusion
 * resizes every level to the output scale, sums them and refines with a 3×3 convolution.
 */
final class FeatureNeck {
  private static final int[] SCALE_OF_LEVEL = {4, 2, 1, 0}; // 0 stands for ½

  private final List<List<Object>> levels = new ArrayList<>();
  private final List<ChannelNorm> levelNorms = new ArrayList<>();
  private final Conv fuse;
  private final ChannelNorm fuseNorm;
  private final int outScale;
  private final int channels;

  /**
   * @param inputs number of tapped maps (1 to 4); with fewer than 4 the finest levels are kept
   * @param in channels of the tapped maps
   * @param channels neck width
   * @param outScale output resolution as a multiple of the patch grid: 1, 2 or 4
   */
  FeatureNeck(ParameterScope scope, int inputs, int in, int channels, int outScale) {
    if (inputs < 1 || inputs > 4 || (outScale != 1 && outScale != 2 && outScale != 4)) {
      throw VitpException.userError("Expected 1 to 4 tapped maps and an output scale of 1, 2 or 4. "
          + "Received: inputs=" + inputs + ", outScale=" + outScale);
    }
    this.outScale = outScale;
    this.channels = channels;
    for (int i = 0; i < inputs; i++) {
      ParameterScope s = scope.child("levels").child(i);
      int scale = SCALE_OF_LEVEL[i];
      List<Object> ops = new ArrayList<>();
      switch (scale) {
        case 4 -> {
          ops.add(Conv.up(s.child("up1"), in, channels, 2));
          ops.add(new ChannelNorm(s.child("norm1"), channels));
          ops.add("gelu");
          ops.add(Conv.up(s.child("up2"), channels, channels, 2));
        }
        case 2 -> ops.add(Conv.up(s.child("up1"), in, channels, 2));
        case 1 -> ops.add(Conv.of(s.child("proj"), in, channels, 1, 1, 0));
        default -> ops.add(Conv.of(s.child("down"), in, channels, 2, 2, 0));
      }
      levels.add(ops);
      levelNorms.add(new ChannelNorm(s.child("norm"), channels));
    }
    this.fuse = Conv.of(scope.child("fuse"), channels, channels, 3, 1, 1);
    this.fuseNorm = new ChannelNorm(scope.child("fuse_norm"), channels);
  }

  int channels() {
    return channels;
  }

  int outScale() {
    return outScale;
  }

  /** Maps {@code [B, C, G, G]}, shallow to deep → fused {@code [B, channels, G·s, G·s]}. */
  Tensor forward(Step step, List<Tensor> maps) {
    var m = step.math();
    int grid = maps.get(0).shape().dim(2);
    int out = grid * outScale;
    Tensor sum = null;
    for (int i = 0; i < levels.size(); i++) {
      Tensor x = maps.get(i);
      for (Object op : levels.get(i)) {
        x = op instanceof Conv c ? c.forward(step, x)
            : op instanceof ChannelNorm n ? n.forward(step, x) : step.nn().gelu(x);
      }
      x = levelNorms.get(i).forward(step, x);
      if (x.shape().dim(2) != out) {
        x = step.nn().resizeBilinear(x, out, out);
      }
      sum = sum == null ? x : m.add(sum, x);
    }
    return step.nn().gelu(fuseNorm.forward(step, fuse.forward(step, sum)));
  }
}
