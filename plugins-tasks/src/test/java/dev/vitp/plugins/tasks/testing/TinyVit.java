package dev.vitp.plugins.tasks.testing;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A small pre-norm ViT written on the spi only, so this module's tests need no vitp-api: patch
 * embedding, CLS token, learned positions, blocks of attention + GELU MLP. Parameter names follow
 * InternViT's ({@code embeddings.*}, {@code encoder.layers.N.*}).
 */
public final class TinyVit implements Backbone {
  private final int size;
  private final int patch;
  private final int width;
  private final int heads;
  private final String prefix;
  private final Parameter cls;
  private final Linear patchEmbed;
  private final Parameter positions;
  private final List<Block> blocks = new ArrayList<>();
  private final List<Parameter> parameters;

  private record Block(LayerNorm norm1, Linear qkv, Linear proj, LayerNorm norm2, Linear fc1,
      Linear fc2) {}

  public TinyVit(ParameterScope scope, int size, int patch, int width, int depth, int heads) {
    this.size = size;
    this.patch = patch;
    this.width = width;
    this.heads = heads;
    ParameterScope emb = scope.child("embeddings");
    this.cls = emb.create("class_embedding", Shape.of(1, 1, width), Init.truncatedNormal(0.02f));
    this.patchEmbed = new Linear(emb.child("patch_embedding"), 3 * patch * patch, width, true);
    int g = size / patch;
    this.positions = emb.create("position_embedding", Shape.of(1, 1 + g * g, width),
        Init.truncatedNormal(0.02f));
    for (int i = 0; i < depth; i++) {
      ParameterScope l = scope.child("encoder").child("layers").child(i);
      blocks.add(new Block(new LayerNorm(l.child("norm1"), width, 1e-6f),
          new Linear(l.child("attn").child("qkv"), width, 3 * width, true),
          new Linear(l.child("attn").child("proj"), width, width, true),
          new LayerNorm(l.child("norm2"), width, 1e-6f),
          new Linear(l.child("mlp").child("fc1"), width, 4 * width, true),
          new Linear(l.child("mlp").child("fc2"), 4 * width, width, true)));
    }
    this.prefix = scope.prefix();
    this.parameters = scope.session().parameters().stream()
        .filter(p -> p.name().startsWith(prefix)).toList();
  }

  /** 32-pixel images, patch 8 (a 4×4 grid), width 32, depth 2, 2 heads. */
  public static BackboneBuilder builder() {
    return scope -> new TinyVit(scope, 32, 8, 32, 2, 2);
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public int patchSize() {
    return patch;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int depth() {
    return blocks.size();
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public int layerId(Parameter p) {
    String layers = prefix + "encoder.layers.";
    if (p.name().startsWith(layers)) {
      String rest = p.name().substring(layers.length());
      return Integer.parseInt(rest.substring(0, rest.indexOf('.'))) + 1;
    }
    return p.name().startsWith(prefix + "embeddings.") ? 0 : depth() + 1;
  }

  @Override
  public List<Tensor> forward(Step step, Tensor images, int... taps) {
    var m = step.math();
    int b = images.shape().dim(0);
    int g = size / patch;
    Tensor patches = m.reshape(m.transpose(m.reshape(images, b, 3, g, patch, g, patch),
        0, 2, 4, 1, 3, 5), b, g * g, 3 * patch * patch);
    Tensor x = patchEmbed.forward(step, patches);
    Tensor c = m.add(step.zeros(Shape.of(b, 1, width)), step.use(cls));
    x = m.add(m.concat(List.of(c, x), 1), step.use(positions));
    int t = 1 + g * g;
    int d = width / heads;
    List<Tensor> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < blocks.size() && next < taps.length; i++) {
      Block blk = blocks.get(i);
      Tensor qkv = m.reshape(blk.qkv().forward(step, blk.norm1().forward(step, x)),
          b, t, 3, heads, d);
      qkv = m.transpose(qkv, 2, 0, 3, 1, 4); // [3, B, H, T, D]
      Tensor q = m.reshape(m.slice(qkv, 0, 0, 1), b, heads, t, d);
      Tensor k = m.reshape(m.slice(qkv, 0, 1, 2), b, heads, t, d);
      Tensor v = m.reshape(m.slice(qkv, 0, 2, 3), b, heads, t, d);
      Tensor a = m.reshape(m.transpose(step.nn().attention(q, k, v, false), 0, 2, 1, 3),
          b, t, width);
      x = m.add(x, blk.proj().forward(step, a));
      Tensor h = step.nn().gelu(blk.fc1().forward(step, blk.norm2().forward(step, x)));
      x = m.add(x, blk.fc2().forward(step, h));
      if (taps[next] == i + 1) {
        out.add(x);
        next++;
      }
    }
    return out;
  }
}
