package dev.vitp.plugins.domains.loader;

import dev.vitp.plugins.domains.instruct.BadRecordException;
import dev.vitp.plugins.domains.instruct.EpochOrder;
import dev.vitp.plugins.domains.instruct.ParsedRecord;
import dev.vitp.plugins.domains.instruct.RecordImages;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.InstructionBatch;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.SampleMeta;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.spi.image.ImageLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One epoch of batches. Worker threads parse and decode samples; an assembler thread takes their
 * results strictly in epoch order (so batches, skips and their examples do not depend on thread
 * timing), collates batches and hands them over through a bounded queue. At most
 * {@code prefetchBatches · batchSize} samples are in flight and {@code prefetchBatches} batches
 * wait in the queue.
 */
final class BatchLoader implements BatchStream {
  private static final Object END = new Object();
  /** An entry the holdout leaves out of these batches: neither a sample nor a bad record. */
  private static final Object NOT_READ = new Object();
  private static final AtomicInteger LOADERS = new AtomicInteger();

  private record Bad(String source, BadRecordException error, List<String> notes) {}

  private record Failure(Throwable error) {}

  private final Entries entries;
  private final EpochOrder order;
  private final LoaderOptions options;
  private final SampleProcessor processor;
  private final SkipLog<SkipReason> log;
  private final ArrayBlockingQueue<Object> queue;
  private final ExecutorService workers;
  private final Thread assembler;
  private volatile boolean closed;
  private @Nullable Object next;
  private boolean done;

  /** Takes over {@code entries} and closes them when the epoch ends or the loader is closed. */
  BatchLoader(Entries entries, EpochOrder order, LoaderOptions options,
      SampleProcessor processor, SkipLog<SkipReason> log) {
    this.entries = entries;
    this.order = order;
    this.options = options;
    this.processor = processor;
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(options.prefetchBatches());
    int id = LOADERS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "vitp-loader-" + id + "-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.workers = Executors.newFixedThreadPool(options.workers(), tf);
    this.assembler = new Thread(this::assemble, "vitp-loader-" + id + "-assembler");
    this.assembler.setDaemon(true);
    this.assembler.start();
  }

  private Object work(long position) {
    long entry = order.entry(position);
    if (options.holdout() != null && !options.holdout().reads(entries.key(entry))) {
      return NOT_READ;
    }
    String source = entries.source(entry);
    ParsedRecord pr = null;
    try {
      pr = entries.read(entry);
      long seed = EpochOrder.mix(EpochOrder.mix(options.seed() * 31 + options.epoch()) + position);
      return processor.process(pr, position, new SplittableRandom(seed));
    } catch (BadRecordException e) {
      return new Bad(source, e, pr == null ? List.of() : pr.notes());
    } catch (OutOfMemoryError e) {
      // What this record allocated is unreachable now: skip it (named) and let the run go on.
      return new Bad(source, RecordImages.outOfMemory(pr), pr == null ? List.of() : pr.notes());
    }
  }


  private void assemble() {
    long total = order.size();
    int window = Math.max(options.workers() * 2, options.prefetchBatches() * options.batchSize());
    ArrayDeque<Future<Object>> inFlight = new ArrayDeque<>(window);
    List<Sample> current = new ArrayList<>(options.batchSize());
    long submitted = 0;
    try {
      for (long p = 0; p < total && !closed; p++) {
        while (submitted < total && submitted < p + window) {
          long q = submitted++;
          inFlight.add(workers.submit(() -> work(q)));
        }
        Object r = inFlight.removeFirst().get();
        if (r == NOT_READ) {
          continue;
        }
        if (r instanceof Bad bad) {
          log.notes(bad.notes());
          log.skip(bad.source(), bad.error().reason(), bad.error().detail());
          continue;
        }
        Sample s = (Sample) r;
        log.notes(s.notes());
        log.kept();
        current.add(s);
        if (current.size() == options.batchSize()) {
          hand(collate(current));
          current = new ArrayList<>(options.batchSize());
        }
      }
      if (!current.isEmpty() && !options.dropLast() && !closed) {
        hand(collate(current));
      }
      hand(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      handQuietly(new Failure(e.getCause() == null ? e : e.getCause()));
    } catch (RuntimeException | Error e) {
      handQuietly(new Failure(e));
    } finally {
      inFlight.forEach(f -> f.cancel(true));
      workers.shutdownNow();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      entries.close();
    }
  }

  private void hand(Object item) throws InterruptedException {
    while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
      if (closed) {
        return;
      }
    }
  }

  private void handQuietly(Object item) {
    try {
      hand(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private InstructionBatch collate(List<Sample> samples) {
    int images = 0;
    for (Sample s : samples) {
      images += s.imageCount();
    }
    int size = options.imageSize();
    int block = 3 * size * size;
    float[] data = new float[images * block];
    int[] per = new int[samples.size()];
    List<InstructionRecord> records = new ArrayList<>(samples.size());
    List<SampleMeta> meta = new ArrayList<>(samples.size());
    int at = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      System.arraycopy(s.pixels(), 0, data, at, s.pixels().length);
      at += s.pixels().length;
      per[i] = s.imageCount();
      records.add(s.record());
      meta.add(s.meta());
    }
    return new InstructionBatch(data, images, 3, size, size, per, records, meta);
  }

  @Override
  public boolean hasNext() {
    if (done) {
      return false;
    }
    if (next == null) {
      if (closed) {
        done = true;
        return false;
      }
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw VitpException.internal("Interrupted while waiting for the next batch");
      }
    }
    if (next == END) {
      done = true;
      next = null;
      return false;
    }
    if (next instanceof Failure f) {
      done = true;
      next = null;
      close();
      if (f.error() instanceof VitpException v) {
        throw v;
      }
      if (f.error() instanceof OutOfMemoryError) {
        throw VitpException.userError("Expected the loader's batches to fit in the Java heap ("
            + ImageLimits.heap() + "). Received: OutOfMemoryError while collating; lower --batch, --workers "
            + "or --max-image-pixels, or raise the heap (VITP_JAVA_OPTS=-Xmx…)");
      }
      throw new VitpException(dev.vitp.spi.ErrorCode.INTERNAL,
          "The batch loader failed: " + f.error(), f.error());
    }
    return true;
  }

  @Override
  public InstructionBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more batches in this epoch");
    }
    InstructionBatch b = (InstructionBatch) next;
    next = null;
    return b;
  }

  @Override
  public SkipSummary summary() {
    return SkipSummary.of(log);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    assembler.interrupt();
    queue.clear();
  }
}
