package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.ParameterScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The backbone's tapped blocks as patch maps, each token layer-normalised first (the per-output
 * norms of ViTDet and UperNet-on-ViT backbones). InternViT has no final norm, so a pretrained
 * residual stream can be an order of magnitude larger than a freshly initialised one; without
 * these norms the heads' first convolutions would train at a different effective rate depending
 * on where the backbone came from.
 */
final class TappedMaps {
  private final int[] taps;
  private final List<LayerNorm> norms = new ArrayList<>();

  TappedMaps(ParameterScope scope, Backbone backbone) {
    this.taps = Maps.taps(backbone);
    for (int i = 0; i < taps.length; i++) {
      norms.add(new LayerNorm(scope.child(i), backbone.width(), 1e-6f));
    }
  }

  int count() {
    return taps.length;
  }

  /** Images {@code [B, 3, S, S]} → one normalised map {@code [B, C, G, G]} per tap, shallow first. */
  List<Tensor> forward(Step step, Backbone backbone, Tensor images) {
    List<Tensor> tokens = backbone.forward(step, images, taps);
    List<Tensor> maps = new ArrayList<>();
    for (int i = 0; i < taps.length; i++) {
      maps.add(Maps.patchMap(step, norms.get(i).forward(step, tokens.get(i)), backbone.grid()));
    }
    return maps;
  }
}
