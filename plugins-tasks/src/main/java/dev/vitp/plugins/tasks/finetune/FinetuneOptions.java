package dev.vitp.plugins.tasks.finetune;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.image.ImageLimits;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What to finetune and how. Build with {@link #builder(String, Path, Path)}.
 *
 * @param task the task head's name ({@code classification}, {@code segmentation}, {@code
 *     change-detection}, {@code detection}); recorded in metrics.json
 * @param data a folder with {@code train/} and {@code val/}
 * @param out where {@code metrics.json}, {@code epochs.jsonl} and {@code best.safetensors} go
 * @param backbone how the backbone is named in metrics.json (its file, or {@code random})
 * @param linearProbe freeze the backbone and train the head only
 * @param frozenEpochs LP-FT (Kumar et al. 2022): the backbone stays frozen for this many epochs
 *     while the head trains, then everything trains. A freshly initialised head's first,
 *     large gradients then do not reach (and distort) pretrained features. 0 for plain
 *     finetuning; ignored with {@code linearProbe}
 * @param fraction the share of training samples used, in (0, 1] (a seeded, class-stratified
 *     subset for classification), for data-efficiency curves
 * @param epochs passes over the (sub)set
 * @param valEvery validate after every this many epochs, and always after the last; the best
 *     validated epoch is kept. With {@code epochs}, only the final model is scored, so the
 *     validation set picks nothing
 * @param batch samples per optimizer step
 * @param lr peak learning rate (the head's; backbone layers get less, see {@code layerDecay})
 * @param seed seeds the session, parameter init, the subset, shuffling and augmentation
 * @param format a dataset format name, or null to detect it
 * @param layerDecay layer-wise learning-rate decay: block {@code i} of {@code L} trains at
 *     {@code lr · layerDecay^(L + 1 - i)}, the embeddings at {@code lr · layerDecay^(L + 1)}
 * @param weightDecay AdamW's decoupled weight decay (matrices only)
 * @param warmupRatio share of the steps with linear warmup, followed by cosine decay to 0
 * @param clipNorm global gradient-norm clipping, 0 for none
 * @param augment random horizontal flips of training samples
 * @param policy what a bad dataset file does: skip (counted) or fail
 * @param maxImagePixels the decoding bound ({@code --max-image-pixels}, see {@link ImageLimits})
 */
public record FinetuneOptions(String task, Path data, Path out, String backbone,
    boolean linearProbe, int frozenEpochs, double fraction, int epochs, int valEvery, int batch,
    float lr, long seed, @Nullable String format, float layerDecay, float weightDecay,
    float warmupRatio, float clipNorm, boolean augment, BadRecordPolicy policy,
    long maxImagePixels) {
  public FinetuneOptions {
    ImageLimits.require(maxImagePixels);
    if (!(fraction > 0 && fraction <= 1) || epochs < 1 || frozenEpochs < 0
        || frozenEpochs >= epochs || valEvery < 1 || batch < 1 || !(lr > 0)
        || !(layerDecay > 0 && layerDecay <= 1) || !(weightDecay >= 0)
        || !(warmupRatio >= 0 && warmupRatio < 1) || !(clipNorm >= 0)) {
      throw VitpException.userError("Expected 0 < fraction <= 1, epochs >= 1, "
          + "0 <= frozenEpochs < epochs, valEvery >= 1, batch >= 1, lr > 0, 0 < layerDecay <= 1, "
          + "weightDecay >= 0, 0 <= warmupRatio < 1, clipNorm >= 0. Received: fraction="
          + fraction + ", epochs=" + epochs + ", frozenEpochs=" + frozenEpochs
          + ", valEvery=" + valEvery + ", batch=" + batch + ", lr=" + lr
          + ", layerDecay=" + layerDecay + ", weightDecay=" + weightDecay + ", warmupRatio="
          + warmupRatio + ", clipNorm=" + clipNorm);
    }
  }

  public static Builder builder(String task, Path data, Path out) {
    return new Builder(task, data, out);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(task, data, out);
    b.backbone = backbone;
    b.linearProbe = linearProbe;
    b.frozenEpochs = frozenEpochs;
    b.fraction = fraction;
    b.epochs = epochs;
    b.valEvery = valEvery;
    b.batch = batch;
    b.lr = lr;
    b.seed = seed;
    b.format = format;
    b.layerDecay = layerDecay;
    b.weightDecay = weightDecay;
    b.warmupRatio = warmupRatio;
    b.clipNorm = clipNorm;
    b.augment = augment;
    b.policy = policy;
    b.maxImagePixels = maxImagePixels;
    return b;
  }

  /** Defaults: full finetune, all labels, 10 epochs of batch 16 at lr 5e-4, layer decay 0.9. */
  public static final class Builder {
    private String task;
    private Path data;
    private Path out;
    private String backbone = "random";
    private boolean linearProbe;
    private int frozenEpochs;
    private double fraction = 1.0;
    private int epochs = 10;
    private int valEvery = 1;
    private int batch = 16;
    private float lr = 5e-4f;
    private long seed = 42;
    private @Nullable String format;
    private float layerDecay = 0.9f;
    private float weightDecay = 0.05f;
    private float warmupRatio = 0.1f;
    private float clipNorm = 5f;
    private boolean augment = true;
    private BadRecordPolicy policy = BadRecordPolicy.SKIP;
    private long maxImagePixels = ImageLimits.DEFAULT_MAX_PIXELS;

    private Builder(String task, Path data, Path out) {
      this.task = task;
      this.data = data;
      this.out = out;
    }

    public Builder task(String value) {
      this.task = value;
      return this;
    }

    public Builder data(Path value) {
      this.data = value;
      return this;
    }

    public Builder out(Path value) {
      this.out = value;
      return this;
    }

    public Builder backbone(String name) {
      this.backbone = name;
      return this;
    }

    public Builder linearProbe(boolean value) {
      this.linearProbe = value;
      return this;
    }

    public Builder frozenEpochs(int value) {
      this.frozenEpochs = value;
      return this;
    }

    public Builder fraction(double value) {
      this.fraction = value;
      return this;
    }

    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    public Builder valEvery(int value) {
      this.valEvery = value;
      return this;
    }

    public Builder batch(int value) {
      this.batch = value;
      return this;
    }

    public Builder lr(float value) {
      this.lr = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder format(@Nullable String value) {
      this.format = value;
      return this;
    }

    public Builder layerDecay(float value) {
      this.layerDecay = value;
      return this;
    }

    public Builder weightDecay(float value) {
      this.weightDecay = value;
      return this;
    }

    public Builder warmupRatio(float value) {
      this.warmupRatio = value;
      return this;
    }

    public Builder clipNorm(float value) {
      this.clipNorm = value;
      return this;
    }

    public Builder augment(boolean value) {
      this.augment = value;
      return this;
    }

    public Builder policy(BadRecordPolicy value) {
      this.policy = value;
      return this;
    }

    public Builder maxImagePixels(long value) {
      this.maxImagePixels = value;
      return this;
    }

    public FinetuneOptions build() {
      return new FinetuneOptions(task, data, out, backbone, linearProbe, frozenEpochs, fraction,
          epochs, valEvery, batch, lr, seed, format, layerDecay, weightDecay, warmupRatio, clipNorm,
          augment, policy, maxImagePixels);
    }
  }
}
