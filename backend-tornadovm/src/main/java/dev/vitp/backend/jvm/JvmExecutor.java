package dev.vitp.backend.jvm;

import dev.vitp.backend.jvm.kernels.LoopExecutor;
import dev.vitp.spi.VitpException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs the parallel loops of the kernels on a fixed pool of {@code threads - 1} daemon workers
 * plus the calling thread. A loop is cut into up to {@code 4 · threads} contiguous chunks that
 * threads claim one at a time (so a core slowed by other processes takes fewer); loops whose total
 * work is small run on the calling thread alone. Idle workers exit after a while and are restarted
 * on demand. Safe for concurrent callers (each loop is its own job); kernels never nest loops.
 */
final class JvmExecutor implements LoopExecutor {
  /** Total work (≈ multiply-adds or elements) below which a loop is not worth handing out. */
  static final long SERIAL_WORK = 1L << 15;
  /** Chunks per thread: some slack for load balance on a shared machine. */
  private static final int CHUNKS_PER_THREAD = 4;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int threads;
  private final @Nullable ThreadPoolExecutor pool;

  JvmExecutor(int threads) {
    this.threads = threads;
    if (threads > 1) {
      int id = POOLS.incrementAndGet();
      AtomicInteger count = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "vitp-jvm-" + id + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      ThreadPoolExecutor p = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), factory);
      p.allowCoreThreadTimeOut(true);
      this.pool = p;
    } else {
      this.pool = null;
    }
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public void parallelFor(int n, long workPerItem, RangeKernel body) {
    if (n <= 0) {
      return;
    }
    long total = (long) n * Math.max(1, workPerItem);
    int chunks = (int) Math.min(Math.min(n, (long) threads * CHUNKS_PER_THREAD),
        Math.max(1, total / SERIAL_WORK));
    ThreadPoolExecutor p = pool;
    if (p == null || chunks <= 1) {
      body.run(0, n);
      return;
    }
    Job job = new Job(n, chunks, body, Thread.currentThread());
    int helpers = Math.min(threads - 1, chunks - 1);
    for (int i = 0; i < helpers; i++) {
      p.execute(job);
    }
    job.run();
    job.await();
    Throwable error = job.error;
    if (error != null) {
      if (error instanceof RuntimeException e) {
        throw e;
      }
      if (error instanceof Error e) {
        throw e;
      }
      throw VitpException.backendFailure("A kernel of backend [jvm] failed: " + error, error);
    }
  }

  /** One parallel loop: chunks claimed through a counter, completion counted down. */
  private static final class Job implements Runnable {
    private final int n;
    private final int chunks;
    private final RangeKernel body;
    private final Thread owner;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile @Nullable Throwable error;

    Job(int n, int chunks, RangeKernel body, Thread owner) {
      this.n = n;
      this.chunks = chunks;
      this.body = body;
      this.owner = owner;
    }

    @Override
    public void run() {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          if (error == null) {
            body.run((int) ((long) c * n / chunks), (int) ((long) (c + 1) * n / chunks));
          }
        } catch (Throwable t) {
          error = t;
        } finally {
          if (done.incrementAndGet() == chunks && Thread.currentThread() != owner) {
            LockSupport.unpark(owner);
          }
        }
      }
    }

    void await() {
      for (int spin = 0; done.get() < chunks && spin < 2000; spin++) {
        Thread.onSpinWait();
      }
      while (done.get() < chunks) {
        LockSupport.park(this);
      }
    }
  }
}
