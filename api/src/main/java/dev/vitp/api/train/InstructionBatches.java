package dev.vitp.api.train;

import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.text.ConversationEncoder;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.SkipSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Feeds the pretrainer from an instruction source: batch {@code step * accumulation + micro} of
 * the seeded epoch sequence, tokenised with the conversation encoder. Batches are consumed in
 * order; a resumed run replays the loader (without training) up to its position, so it sees the
 * same batches an uninterrupted run would. A record with several images shows them all, up to
 * the decoder's image slots; beyond those its first ones are kept and the record is counted.
 */
public final class InstructionBatches implements BatchSource, AutoCloseable {
  private final InstructionSource source;
  private final LoaderOptions options;
  private final @Nullable ConversationEncoder encoder;
  private final int accumulation;
  private final int imageSlots;
  private final List<SkipSummary> finishedEpochs = new ArrayList<>();
  private @Nullable BatchStream stream;
  private int epoch;
  private long nextIndex;
  private long truncated;
  private long imagesCut;

  /**
   * @param encoder tokenises the conversations; null for an objective that reads no text (the
   *     batches then carry images only)
   * @param imageSlots the most images one sample may show ({@link
   *     dev.vitp.api.model.DecoderSpec#imagesPerSample()})
   */
  public InstructionBatches(InstructionSource source, LoaderOptions options,
      @Nullable ConversationEncoder encoder, int accumulation, int imageSlots) {
    if (imageSlots < 1) {
      throw VitpException.userError("Expected at least one image slot per sample. Received: "
          + "imageSlots=" + imageSlots);
    }
    this.source = source;
    this.options = options;
    this.encoder = encoder;
    this.accumulation = accumulation;
    this.imageSlots = imageSlots;
  }

  @Override
  public ModelBatch batch(long step, int micro) {
    long index = step * accumulation + micro;
    if (index < nextIndex) {
      restart();
    }
    InstructionBatch raw = nextRaw();
    while (nextIndex <= index) {
      if (nextIndex == index) {
        nextIndex++;
        return collate(raw);
      }
      nextIndex++;
      raw = nextRaw();
    }
    throw VitpException.internal("batch index " + index + " passed");
  }

  /**
   * Every batch of one pass with {@code options} (e.g. the held-out records), collated, until at
   * least {@code maxSamples} samples are read. What it cuts is not counted with training's.
   */
  public List<ModelBatch> readAll(LoaderOptions options, int maxSamples) {
    long truncatedBefore = truncated;
    long cutBefore = imagesCut;
    List<ModelBatch> out = new ArrayList<>();
    int samples = 0;
    try (BatchStream pass = source.batches(options)) {
      while (samples < maxSamples && pass.hasNext()) {
        ModelBatch batch = collate(pass.next());
        out.add(batch);
        samples += batch.batchSize();
      }
    } finally {
      truncated = truncatedBefore;
      imagesCut = cutBefore;
    }
    return out;
  }

  /** Conversations cut by the text budget so far. */
  public long truncatedConversations() {
    return truncated;
  }

  /** Records with more images than the image slots, shown with their first ones only. */
  public long recordsWithImagesCut() {
    return imagesCut;
  }

  /** The skip summaries of every epoch read so far, the current one last. */
  public List<SkipSummary> skipSummaries() {
    List<SkipSummary> all = new ArrayList<>(finishedEpochs);
    if (stream != null) {
      all.add(stream.summary());
    }
    return all;
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private void restart() {
    close();
    finishedEpochs.clear();
    epoch = 0;
    nextIndex = 0;
  }

  private InstructionBatch nextRaw() {
    for (int attempt = 0; attempt < 2; attempt++) {
      if (stream == null) {
        stream = source.batches(options.toBuilder().epoch(epoch).dropLast(true).build());
      }
      if (stream.hasNext()) {
        return stream.next();
      }
      finishedEpochs.add(stream.summary());
      stream.close();
      stream = null;
      epoch++;
    }
    throw VitpException.userError("Expected at least one full batch of " + options.batchSize()
        + " usable records per epoch. Received: an empty epoch (see the skip summary: "
        + finishedEpochs.get(finishedEpochs.size() - 1) + ")");
  }

  private ModelBatch collate(InstructionBatch raw) {
    int b = raw.size();
    int size = options.imageSize();
    int block = 3 * size * size;
    if (raw.channels() != 3 || raw.height() != size || raw.width() != size) {
      throw VitpException.internal("loader returned " + Arrays.toString(raw.shape()));
    }
    int[] imagesPerSample = new int[b];
    for (int i = 0; i < b; i++) {
      imagesPerSample[i] = Math.min(raw.imagesPerRecord()[i], imageSlots);
      if (imagesPerSample[i] < raw.imagesPerRecord()[i]) {
        imagesCut++;
      }
    }
    float[] images = new float[Arrays.stream(imagesPerSample).sum() * block];
    int t = encoder == null ? 0 : encoder.textTokens();
    int[] ids = new int[b * t];
    int[] targets = new int[b * t];
    int at = 0;
    for (int i = 0; i < b; i++) {
      int shown = imagesPerSample[i] * block;
      System.arraycopy(raw.images(), raw.firstImageOf(i) * block, images, at, shown);
      at += shown;
      if (encoder == null) {
        continue;
      }
      ConversationEncoder.Encoded e = encoder.encode(raw.records().get(i).conversations());
      if (e.truncated()) {
        truncated++;
      }
      System.arraycopy(e.ids(), 0, ids, i * t, t);
      System.arraycopy(e.targets(), 0, targets, i * t, t);
    }
    return new ModelBatch(b, size, images, imagesPerSample, t, ids, targets);
  }
}
