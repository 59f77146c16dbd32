package dev.vitp.api.model;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.nn.Embedding;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.vrl.KeptTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * The causal language decoder. Its input is {@code [PE(image tokens); PE(text tokens)]}: image
 * tokens get positions {@code 0..N-1} and text tokens {@code N..N+T-1} before VRL drops image
 * tokens, so survivors keep their original positions (the paper's "after positional encoding").
 */
public final class CausalDecoder {
  private final DecoderSpec spec;
  private final int imageTokens;
  private final Embedding tokens;
  private final Parameter positions;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear head;

  public CausalDecoder(ParameterScope scope, DecoderSpec spec, int imageTokens, int vocabSize) {
    this.spec = spec;
    this.imageTokens = imageTokens;
    int d = spec.width();
    this.tokens = new Embedding(scope.child("embed_tokens"), vocabSize, d);
    this.positions = scope.child("embed_positions").create("weight",
        Shape.of(imageTokens + spec.textTokens(), d), Init.truncatedNormal(0.02f));
    for (int i = 0; i < spec.depth(); i++) {
      blocks.add(new TransformerBlock(scope.child("layers").child(i), d, spec.heads(),
          spec.mlpRatio(), true, 0f, spec.layerNormEps(), true, 0f));
    }
    this.norm = new LayerNorm(scope.child("norm"), d, spec.layerNormEps());
    this.head = new Linear(scope.child("lm_head"), d, vocabSize, false);
  }

  /**
   * @param image projected image tokens {@code [B, N, D]}
   * @param kept which image tokens survive VRL (all of them when VRL is off)
   * @param textIds int32 {@code [B, T]}
   * @return next-token logits at the text positions {@code [B, T, vocab]}
   */
  public Tensor forward(Step step, Tensor image, KeptTokens kept, Tensor textIds) {
    var m = step.math();
    int b = image.shape().dim(0);
    int n = image.shape().dim(1);
    int d = spec.width();
    int t = textIds.shape().dim(1);
    Tensor table = step.use(positions);
    Tensor img = m.add(image, m.slice(table, 0, 0, n));
    int k = kept.keptPerSample();
    if (k != n || !kept.equals(KeptTokens.all(b, n))) {
      Tensor index = step.constantInts(kept.flatIndices(), Shape.of(b * k));
      img = m.reshape(m.gather(m.reshape(img, b * n, d), 0, index), b, k, d);
    }
    Tensor text = m.add(tokens.forward(step, textIds), m.slice(table, 0, imageTokens, imageTokens + t));
    Tensor x = m.concat(List.of(img, text), 1);
    for (TransformerBlock block : blocks) {
      x = block.forward(step, x);
    }
    Tensor textStates = m.slice(norm.forward(step, x), 1, k, k + t);
    return head.forward(step, textStates);
  }
}
