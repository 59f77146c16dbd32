package dev.vitp.api.model;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Op;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.nn.Init;
import dev.vitp.spi.nn.LayerNorm;
import dev.vitp.spi.nn.Linear;
import dev.vitp.spi.nn.ParameterScope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Masked-autoencoder pretraining of a ViT (He et al. 2022): the ViT encodes only the visible
 * patches ({@link Backbone#forwardVisible}); a light decoder embeds them to its own width, puts a
 * learned mask token at every hidden position, adds its own position embedding, runs its blocks
 * over the whole grid and predicts each patch's pixels; the loss is the mean squared error on the
 * hidden patches only, against per-patch normalised pixels ({@code norm_pix_loss}). Differences
 * from the paper's code, kept small on purpose: the decoder's position embedding is learned
 * rather than fixed sin-cos, and the CLS token is not passed to the decoder.
 *
 * <p>Parameters live under the scope given (the objective uses {@code mae_decoder.*}), so the
 * exported backbone is the ViT alone.
 */
public final class MaskedAutoencoder {
  /** The ops the decoder and loss run (the ViT checks its own). */
  public static final EnumSet<Op> REQUIRED_OPS = EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.MEAN, Op.CONSTANT,
      Op.RESHAPE, Op.CONCAT, Op.SLICE, Op.GATHER, Op.LINEAR, Op.LAYER_NORM, Op.GELU,
      Op.ATTENTION);

  private final Backbone vit;
  private final int grid;
  private final int patchValues;
  private final int width;
  private final Linear embed;
  private final Parameter maskToken;
  private final Parameter position;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear predict;

  public MaskedAutoencoder(ParameterScope scope, Backbone vit, MaeDecoderSpec spec) {
    scope.session().backend().requireOps(REQUIRED_OPS, "the MAE objective");
    this.vit = vit;
    this.grid = vit.grid();
    this.patchValues = 3 * vit.patchSize() * vit.patchSize();
    this.width = spec.width();
    this.embed = new Linear(scope.child("decoder_embed"), vit.width(), width, true);
    this.maskToken = scope.create("mask_token", Shape.of(1, width), Init.truncatedNormal(0.02f));
    this.position = scope.create("decoder_pos_embed", Shape.of(1, grid * grid, width),
        Init.truncatedNormal(0.02f));
    ParameterScope layers = scope.child("decoder_blocks");
    for (int i = 0; i < spec.depth(); i++) {
      blocks.add(new TransformerBlock(layers.child(i), width, spec.heads(), spec.mlpRatio(), true,
          0f, spec.layerNormEps(), false, 0f));
    }
    this.norm = new LayerNorm(scope.child("decoder_norm"), width, spec.layerNormEps());
    this.predict = new Linear(scope.child("decoder_pred"), width, patchValues, true);
  }

  /**
   * Predicted pixels of every patch, {@code [I, G², 3·p·p]} in the patch embedding's {@code (c,
   * y, x)} order, from the visible patches of {@code mask}.
   */
  public Tensor reconstruct(Step step, Tensor images, MaeMask mask) {
    var m = step.math();
    int n = mask.visible().batchSize();
    int k = mask.visible().keptPerSample();
    int patches = grid * grid;
    Tensor encoded = vit.forwardVisible(step, images, mask.visible());
    Tensor visibleRows = embed.forward(step, m.reshape(m.slice(encoded, 1, 1, 1 + k), n * k,
        vit.width()));
    // Row pool [visible patches; mask token], gathered into the full grid of each image.
    Tensor pool = m.concat(List.of(visibleRows, step.use(maskToken)), 0);
    int[] rows = new int[n * patches];
    java.util.Arrays.fill(rows, n * k);
    for (int i = 0; i < n; i++) {
      int[] seen = mask.visible().positions(i);
      for (int s = 0; s < k; s++) {
        rows[i * patches + seen[s]] = i * k + s;
      }
    }
    Tensor x = m.reshape(m.gather(pool, 0, step.constantInts(rows, Shape.of(n * patches))), n,
        patches, width);
    x = m.add(x, step.use(position));
    for (TransformerBlock block : blocks) {
      x = block.forward(step, x);
    }
    return predict.forward(step, norm.forward(step, x));
  }

  /**
   * The mean squared error over the hidden patches of {@code mask}, against {@link #targets}.
   *
   * @param pixels the images {@code [I, 3, S, S]} as given to the ViT
   */
  public Tensor loss(Step step, float[] pixels, int imageCount, MaeMask mask, boolean normalise) {
    var m = step.math();
    int size = vit.imageSize();
    Tensor images = step.constant(pixels, Shape.of(imageCount, 3, size, size));
    Tensor predicted = m.reshape(reconstruct(step, images, mask), imageCount * grid * grid,
        patchValues);
    int[] hidden = mask.masked().flatIndices();
    Tensor scored = m.gather(predicted, 0, step.constantInts(hidden, Shape.of(hidden.length)));
    float[] all = targets(pixels, imageCount, size, vit.patchSize(), normalise);
    float[] wanted = new float[hidden.length * patchValues];
    for (int r = 0; r < hidden.length; r++) {
      System.arraycopy(all, hidden[r] * patchValues, wanted, r * patchValues, patchValues);
    }
    Tensor error = m.square(m.sub(scored, step.constant(wanted,
        Shape.of(hidden.length, patchValues))));
    return m.mean(m.mean(error, 1, false), 0, false);
  }

  /**
   * Every patch's pixels {@code [I, G², 3·p·p]} in {@code (c, y, x)} order; with {@code
   * normalise}, each patch minus its mean over its own values, divided by {@code sqrt(var +
   * 1e-6)} (MAE's {@code norm_pix_loss}).
   */
  public static float[] targets(float[] pixels, int images, int size, int patch,
      boolean normalise) {
    int g = size / patch;
    int values = 3 * patch * patch;
    if (size % patch != 0 || pixels.length != images * 3 * size * size) {
      throw VitpException.userError("Expected images [" + images + ", 3, " + size + ", " + size
          + "] with a size divisible by the patch " + patch + ". Received: " + pixels.length
          + " values");
    }
    float[] out = new float[images * g * g * values];
    int at = 0;
    for (int i = 0; i < images; i++) {
      for (int py = 0; py < g; py++) {
        for (int px = 0; px < g; px++) {
          int start = at;
          for (int c = 0; c < 3; c++) {
            for (int y = 0; y < patch; y++) {
              int row = ((i * 3 + c) * size + py * patch + y) * size + px * patch;
              System.arraycopy(pixels, row, out, at, patch);
              at += patch;
            }
          }
          if (normalise) {
            double mean = 0;
            for (int v = start; v < at; v++) {
              mean += out[v];
            }
            mean /= values;
            double variance = 0;
            for (int v = start; v < at; v++) {
              variance += (out[v] - mean) * (out[v] - mean);
            }
            // MAE uses the unbiased variance (torch .var() default).
            double scale = 1.0 / Math.sqrt(variance / (values - 1) + 1e-6);
            for (int v = start; v < at; v++) {
              out[v] = (float) ((out[v] - mean) * scale);
            }
          }
        }
      }
    }
    return out;
  }
}
