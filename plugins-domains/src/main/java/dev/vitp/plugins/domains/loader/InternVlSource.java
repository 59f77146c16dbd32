package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.image.Normalizations;
import dev.vitp.plugins.domains.instruct.AnnotationIndex;
import dev.vitp.plugins.domains.instruct.BadRecordException;
import dev.vitp.plugins.domains.instruct.Dataset;
import dev.vitp.plugins.domains.instruct.EpochOrder;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import dev.vitp.plugins.domains.instruct.Recipe;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.InstructionSource;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code internvl-jsonl} instruction source: an InternVL recipe of JSONL data sets, read with
 * the InternVL semantics (repeat_time, {@code <image>} placeholders, grounding boxes), validated
 * record by record under a bad-record policy. The recipe is read when the source is created (a
 * broken recipe fails at startup); annotation files are indexed on first use.
 */
public final class InternVlSource implements InstructionSource {
  private final InternVlJsonlConfig config;
  private final Recipe recipe;
  private final ImageNormalization normalization;
  private @Nullable Opened opened;

  /** The indexed datasets and what reading the recipe and indexing noticed. */
  private record Opened(List<Dataset> datasets, List<String> notes) {}

  public InternVlSource(InternVlJsonlConfig config) {
    this.config = config;
    Path p = Path.of(config.recipe());
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    this.recipe = name.endsWith(".jsonl") ? Recipe.ofAnnotation(p) : Recipe.read(p);
    this.normalization = Normalizations.named(config.normalization());
  }

  public InternVlJsonlConfig config() {
    return config;
  }

  public Recipe recipe() {
    return recipe;
  }

  public ImageNormalization normalization() {
    return normalization;
  }

  private synchronized Opened opened() {
    if (opened == null) {
      List<String> notes = new ArrayList<>(recipe.notes());
      List<Dataset> datasets = Dataset.open(recipe, notes); // adds length mismatches
      opened = new Opened(datasets, List.copyOf(notes));
    }
    return opened;
  }

  /** Entries per epoch (repeat_time applied), before skips. */
  public long size() {
    return Dataset.order(opened().datasets(), false, 0, 0).size();
  }

  private SkipLog<SkipReason> newLog(Opened o) {
    SkipLog<SkipReason> log = SkipLog.ofRecords(config.badRecords(), config.maxReported());
    log.notes(o.notes());
    return log;
  }

  /** Validated records in recipe order (repeat_time applied), without decoding images. */
  @Override
  public RecordStream open() {
    return open(false, 0, 0);
  }

  /** Validated records in the epoch order of {@code seed}, without decoding images. */
  public RecordStream open(boolean shuffle, long seed, int epoch) {
    Opened o = opened();
    return new Records(o.datasets(), Dataset.order(o.datasets(), shuffle, seed, epoch), newLog(o));
  }

  /**
   * Each record an epoch reads, once, in recipe order: repeat_time above 1 repeats nothing here,
   * below 1 still keeps only the records an epoch reads.
   */
  @Override
  public RecordStream openDistinct() {
    Opened o = opened();
    return new Records(o.datasets(), Dataset.distinctOrder(o.datasets()), newLog(o));
  }

  @Override
  public boolean supportsHoldout() {
    return true;
  }

  /**
   * One epoch; with a holdout, a training epoch leaves the held-out records out, and held-out
   * batches read each held-out record once (repeat_time ignored), in recipe order.
   */
  @Override
  public BatchStream batches(LoaderOptions options) {
    Opened o = opened();
    boolean heldOut = options.holdout() != null && options.holdout().heldOut();
    EpochOrder order = heldOut ? Dataset.distinctOrder(o.datasets())
        : Dataset.order(o.datasets(), options.shuffle(), options.seed(), options.epoch());
    return new BatchLoader(new JsonlEntries(o.datasets(), order), order, options,
        new SampleProcessor(options.imageSize(), normalization, config.augment(),
            options.maxImagePixels()), newLog(o));
  }

  private static final class Records implements RecordStream {
    private final List<Dataset> datasets;
    private final AnnotationIndex.Reader[] readers;
    private final EpochOrder order;
    private final SkipLog<SkipReason> log;
    private long position;
    private @Nullable InstructionRecord next;
    private boolean closed;

    Records(List<Dataset> datasets, EpochOrder order, SkipLog<SkipReason> log) {
      this.datasets = datasets;
      this.order = order;
      this.log = log;
      this.readers = new AnnotationIndex.Reader[datasets.size()];
      for (int d = 0; d < readers.length; d++) {
        readers[d] = datasets.get(d).index().openReader();
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && !closed && position < order.size()) {
        long entry = order.entry(position++);
        int d = order.dataset(entry);
        int r = order.record(entry);
        Dataset ds = datasets.get(d);
        String source = ds.index().source(r);
        byte[] line = readers[d].read(r);
        try {
          ParsedRecord pr = ds.parser().parse(line, 0, line.length, source, ds.index().lineNumber(r));
          log.notes(pr.notes());
          log.kept();
          next = pr.record();
        } catch (BadRecordException e) {
          log.skip(source, e.reason(), e.detail());
        }
      }
      if (next == null) {
        close();
      }
      return next != null;
    }

    @Override
    public InstructionRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more records");
      }
      InstructionRecord r = next;
      next = null;
      return r;
    }

    @Override
    public SkipSummary summary() {
      return SkipSummary.of(log);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        for (AnnotationIndex.Reader reader : readers) {
          reader.close();
        }
      }
    }
  }
}
