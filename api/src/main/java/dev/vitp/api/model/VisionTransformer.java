package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Vision Transformer with InternViT's parameter names under its scope: {@code
 * embeddings.class_embedding [1, 1, C]}, {@code embeddings.patch_embedding.{weight [C, 3, p, p],
 * bias}}, {@code embeddings.position_embedding [1, 1 + G², C]}, {@code encoder.layers.N.*}.
 */
public final class VisionTransformer implements Backbone {
  private final VitSpec spec;
  private final String prefix;
  private final List<Parameter> parameters;
  private final Parameter classEmbedding;
  private final Parameter patchWeight;
  private final Parameter patchBias;
  private final Parameter positionEmbedding;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final @Nullable LayerNorm finalNorm;

  public VisionTransformer(ParameterScope scope, VitSpec spec) {
    this.spec = spec;
    int c = spec.width();
    int p = spec.patchSize();
    ParameterScope emb = scope.child("embeddings");
    this.classEmbedding = emb.create("class_embedding", Shape.of(1, 1, c), Init.truncatedNormal(0.02f));
    this.patchWeight = emb.child("patch_embedding").create("weight", Shape.of(c, 3, p, p),
        Init.truncatedNormal(0.02f));
    this.patchBias = emb.child("patch_embedding").create("bias", Shape.of(c), Init.zeros());
    this.positionEmbedding = emb.create("position_embedding", Shape.of(1, spec.tokens(), c),
        Init.truncatedNormal(0.02f));
    ParameterScope layers = scope.child("encoder").child("layers");
    for (int i = 0; i < spec.depth(); i++) {
      float rate = spec.depth() == 1 ? 0f : spec.dropPathRate() * i / (spec.depth() - 1);
      blocks.add(new TransformerBlock(layers.child(i), c, spec.heads(), spec.mlpRatio(),
          spec.qkvBias(), spec.layerScale() ? spec.layerScaleInit() : 0f, spec.layerNormEps(),
          false, rate));
    }
    this.finalNorm = spec.finalNorm() ? new LayerNorm(scope.child("norm"), c, spec.layerNormEps())
        : null;
    this.prefix = scope.prefix();
    this.parameters = scope.session().parameters().stream()
        .filter(param -> param.name().startsWith(prefix)).toList();
  }

  public VitSpec spec() {
    return spec;
  }

  @Override
  public int imageSize() {
    return spec.imageSize();
  }

  @Override
  public int patchSize() {
    return spec.patchSize();
  }

  @Override
  public int width() {
    return spec.width();
  }

  @Override
  public int depth() {
    return spec.depth();
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public int layerId(Parameter parameter) {
    String name = parameter.name();
    String layers = prefix + "encoder.layers.";
    if (name.startsWith(layers)) {
      String rest = name.substring(layers.length());
      return Integer.parseInt(rest.substring(0, rest.indexOf('.'))) + 1;
    }
    return name.startsWith(prefix + "embeddings.") ? 0 : spec.depth() + 1;
  }

  /** {@code images[B, 3, H, W] -> tokens[B, 1 + G², C]} (CLS first). */
  public Tensor forward(Step step, Tensor images) {
    return forward(step, images, new int[] {spec.depth()}).get(0);
  }

  @Override
  public List<Tensor> forward(Step step, Tensor images, int... taps) {
    for (int i = 0; i < taps.length; i++) {
      if (taps[i] < 1 || taps[i] > spec.depth() || i > 0 && taps[i] <= taps[i - 1]) {
        throw VitpException.userError("Expected ascending blocks in [1, " + spec.depth()
            + "]. Received: blocks=" + java.util.Arrays.toString(taps));
      }
    }
    Tensor x = embed(step, images);
    List<Tensor> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < blocks.size() && next < taps.length; i++) {
      x = blocks.get(i).forward(step, x);
      if (taps[next] == i + 1) {
        boolean last = i + 1 == blocks.size();
        out.add(last && finalNorm != null ? finalNorm.forward(step, x) : x);
        next++;
      }
    }
    return out;
  }

  @Override
  public Tensor forwardVisible(Step step, Tensor images, KeptTokens visible) {
    int g = spec.grid();
    int b = images.shape().rank() == 4 ? images.shape().dim(0) : -1;
    if (visible.batchSize() != b || visible.tokenCount() != g * g) {
      throw VitpException.userError("Expected visible patches for each of the " + b + " images "
          + "out of " + g * g + ". Received: " + visible.batchSize() + " rows out of "
          + visible.tokenCount());
    }
    var m = step.math();
    int c = spec.width();
    int k = visible.keptPerSample();
    Tensor tokens = embed(step, images);
    Tensor cls = m.slice(tokens, 1, 0, 1);
    Tensor patchRows = m.reshape(m.slice(tokens, 1, 1, 1 + g * g), b * g * g, c);
    Tensor kept = m.reshape(m.gather(patchRows, 0, step.constantInts(visible.flatIndices(),
        Shape.of(b * k))), b, k, c);
    Tensor x = m.concat(List.of(cls, kept), 1);
    for (TransformerBlock block : blocks) {
      x = block.forward(step, x);
    }
    return finalNorm != null ? finalNorm.forward(step, x) : x;
  }

  /** Patch embedding, CLS token and position embedding: {@code [B, 1 + G², C]}. */
  private Tensor embed(Step step, Tensor images) {
    Shape s = images.shape();
    int size = spec.imageSize();
    if (s.rank() != 4 || s.dim(1) != 3 || s.dim(2) != size || s.dim(3) != size) {
      throw VitpException.userError("Expected images [B, 3, " + size + ", " + size
          + "] for this ViT. Received: shape=" + s);
    }
    var m = step.math();
    int b = s.dim(0);
    int g = spec.grid();
    int p = spec.patchSize();
    int c = spec.width();
    // Patch embedding as a matmul: a stride-p conv with a p×p kernel sees disjoint patches.
    Tensor patches = m.reshape(m.transpose(m.reshape(images, b, 3, g, p, g, p), 0, 2, 4, 1, 3, 5),
        b, g * g, 3 * p * p);
    Tensor kernel = m.reshape(step.use(patchWeight), c, 3 * p * p);
    Tensor x = step.nn().linear(patches, kernel, step.use(patchBias));
    Tensor cls = m.add(step.zeros(Shape.of(b, 1, c)), step.use(classEmbedding));
    return m.add(m.concat(List.of(cls, x), 1), step.use(positionEmbedding));
  }
}
