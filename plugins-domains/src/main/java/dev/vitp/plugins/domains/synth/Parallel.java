package dev.vitp.plugins.domains.synth;

import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs independent generation tasks on a thread pool in blocks and hands their results to a sink
 * in index order, so output files are identical whatever the thread count, with bounded memory.
 */
public final class Parallel implements AutoCloseable {
  private final ExecutorService pool;
  private final int threads;

  public Parallel(int threads) {
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vitp-generate");
      t.setDaemon(true);
      return t;
    });
  }

  public <T> void run(int n, IntFunction<T> task, Consumer<T> sink) {
    int block = Math.max(64, 64 * threads);
    for (int start = 0; start < n; start += block) {
      int end = Math.min(n, start + block);
      List<Future<T>> futures = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        int k = i;
        futures.add(pool.submit(() -> task.apply(k)));
      }
      for (Future<T> f : futures) {
        try {
          sink.accept(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw VitpException.internal("Interrupted while generating");
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new VitpException(dev.vitp.spi.ErrorCode.INTERNAL, "Generation failed: " + c, c);
        }
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
