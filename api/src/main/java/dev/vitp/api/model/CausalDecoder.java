package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
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
import java.util.Arrays;
import java.util.List;

/**
 * The causal language decoder. Its input is {@code [PE(image tokens); PE(text tokens)]}: image
 * {@code j} of a sample gets positions {@code j·N .. (j+1)·N - 1} and text tokens {@code S·N ..
 * S·N + T - 1} (S image slots) before VRL drops image tokens, so survivors keep their original
 * positions (the paper's "after positional encoding"). A sample with fewer images than the batch's
 * most is padded after its text, where causal attention keeps the padding out of every answer.
 */
public final class CausalDecoder {
  private final DecoderSpec spec;
  private final int imageTokens;
  private final int textOffset;
  private final Embedding tokens;
  private final Parameter positions;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear head;

  public CausalDecoder(ParameterScope scope, DecoderSpec spec, int imageTokens, int vocabSize) {
    this.spec = spec;
    this.imageTokens = imageTokens;
    this.textOffset = spec.imagesPerSample() * imageTokens;
    int d = spec.width();
    this.tokens = new Embedding(scope.child("embed_tokens"), vocabSize, d);
    this.positions = scope.child("embed_positions").create("weight",
        Shape.of(textOffset + spec.textTokens(), d), Init.truncatedNormal(0.02f));
    for (int i = 0; i < spec.depth(); i++) {
      blocks.add(new TransformerBlock(scope.child("layers").child(i), d, spec.heads(),
          spec.mlpRatio(), true, 0f, spec.layerNormEps(), true, 0f));
    }
    this.norm = new LayerNorm(scope.child("norm"), d, spec.layerNormEps());
    this.head = new Linear(scope.child("lm_head"), d, vocabSize, false);
  }

  /**
   * @param image projected image tokens {@code [I, N, D]}, each sample's images consecutive
   * @param imagesPerSample how many of the {@code I} images each sample has, in order
   * @param kept which tokens of each image survive VRL ({@code I} rows; all of them when VRL is
   *     off)
   * @param textIds int32 {@code [B, T]}
   * @return next-token logits at the text positions {@code [B, T, vocab]}
   */
  public Tensor forward(Step step, Tensor image, int[] imagesPerSample, KeptTokens kept,
      Tensor textIds) {
    var m = step.math();
    int images = image.shape().dim(0);
    int n = image.shape().dim(1);
    int d = spec.width();
    int b = textIds.shape().dim(0);
    int t = textIds.shape().dim(1);
    requireLayout(images, n, b, imagesPerSample, kept);
    Tensor table = step.use(positions);
    Tensor img = m.add(image, m.reshape(m.gather(table, 0, step.constantInts(
        imagePositions(imagesPerSample, images, n), Shape.of(images * n))), images, n, d));
    int k = kept.keptPerSample();
    Tensor keptRows = m.reshape(img, images * n, d);
    if (k != n || !kept.equals(KeptTokens.all(images, n))) {
      keptRows = m.gather(keptRows, 0, step.constantInts(kept.flatIndices(), Shape.of(images * k)));
    }
    Tensor text = m.add(tokens.forward(step, textIds),
        m.slice(table, 0, textOffset, textOffset + t));
    // One row pool (kept image tokens, text tokens, a zero padding row) gathered into each
    // sample's sequence [its images' tokens; its text; padding up to the batch's longest].
    Tensor pool = m.concat(List.of(keptRows, m.reshape(text, b * t, d),
        step.zeros(Shape.of(1, d))), 0);
    Layout layout = Layout.of(imagesPerSample, images * k, k, t);
    int length = layout.length();
    Tensor x = m.reshape(m.gather(pool, 0, step.constantInts(layout.sequenceRows(),
        Shape.of(b * length))), b, length, d);
    for (TransformerBlock block : blocks) {
      x = block.forward(step, x);
    }
    Tensor states = m.reshape(norm.forward(step, x), b * length, d);
    Tensor textStates = m.reshape(m.gather(states, 0, step.constantInts(layout.textRows(),
        Shape.of(b * t))), b, t, d);
    return head.forward(step, textStates);
  }

  private void requireLayout(int images, int n, int b, int[] imagesPerSample, KeptTokens kept) {
    int sum = 0;
    for (int i = 0; i < imagesPerSample.length; i++) {
      if (imagesPerSample[i] < 1 || imagesPerSample[i] > spec.imagesPerSample()) {
        throw VitpException.userError("Expected 1 to " + spec.imagesPerSample() + " images per "
            + "sample (the decoder's image slots). Received: sample " + i + " has "
            + imagesPerSample[i]);
      }
      sum += imagesPerSample[i];
    }
    if (imagesPerSample.length != b || sum != images || n != imageTokens
        || kept.batchSize() != images || kept.tokenCount() != n) {
      throw VitpException.userError("Expected " + b + " samples whose image counts sum to the "
          + images + " images of " + imageTokens + " tokens, and kept tokens for each image. "
          + "Received: imagesPerSample.length=" + imagesPerSample.length + ", sum=" + sum
          + ", tokens per image=" + n + ", kept=[" + kept.batchSize() + " x "
          + kept.tokenCount() + "]");
    }
  }

  /** Row {@code j·N + p} of the position table for token p of each sample's image j. */
  private static int[] imagePositions(int[] imagesPerSample, int images, int n) {
    int[] rows = new int[images * n];
    int at = 0;
    for (int c : imagesPerSample) {
      for (int j = 0; j < c; j++) {
        for (int p = 0; p < n; p++) {
          rows[at++] = j * n + p;
        }
      }
    }
    return rows;
  }

  /**
   * Where each sample's rows come from in the pool {@code [imageRows kept image tokens; B·T text
   * rows; 1 padding row]} and where its text lands in the sequences of {@code length} positions.
   */
  private record Layout(int[] imagesPerSample, int imageRows, int kept, int textTokens,
      int length) {
    static Layout of(int[] imagesPerSample, int imageRows, int kept, int textTokens) {
      int most = Arrays.stream(imagesPerSample).max().orElse(0);
      return new Layout(imagesPerSample, imageRows, kept, textTokens, most * kept + textTokens);
    }

    int[] sequenceRows() {
      int b = imagesPerSample.length;
      int padding = imageRows + b * textTokens;
      int[] rows = new int[b * length];
      Arrays.fill(rows, padding);
      int image = 0;
      for (int i = 0; i < b; i++) {
        int at = i * length;
        for (int r = 0; r < imagesPerSample[i] * kept; r++) {
          rows[at++] = image++;
        }
        for (int r = 0; r < textTokens; r++) {
          rows[at++] = imageRows + i * textTokens + r;
        }
      }
      return rows;
    }

    int[] textRows() {
      int[] rows = new int[imagesPerSample.length * textTokens];
      for (int i = 0; i < imagesPerSample.length; i++) {
        for (int r = 0; r < textTokens; r++) {
          rows[i * textTokens + r] = i * length + imagesPerSample[i] * kept + r;
        }
      }
      return rows;
    }
  }
}
