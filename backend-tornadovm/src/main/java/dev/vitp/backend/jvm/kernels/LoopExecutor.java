package dev.vitp.backend.jvm.kernels;

/**
 * Runs the {@link Parallel} loop of a kernel: calls {@code body.run(lo, hi)} on disjoint ranges
 * that together cover {@code [0, n)}, possibly concurrently, and returns when all have run.
 */
public interface LoopExecutor {
  /** One slice {@code [lo, hi)} of a parallel loop. */
  @FunctionalInterface
  interface RangeKernel {
    void run(int lo, int hi);
  }

  /**
   * @param n iterations of the parallel loop
   * @param workPerItem rough cost of one iteration (about one unit per multiply-add or element),
   *     used to run small loops on the calling thread, where handing them out costs more than it
   *     saves
   */
  void parallelFor(int n, long workPerItem, RangeKernel body);

  /** Threads the executor may use (the calling thread included). */
  int threads();

  /** Runs every loop on the calling thread, in order. */
  LoopExecutor SERIAL = new LoopExecutor() {
    @Override
    public void parallelFor(int n, long workPerItem, RangeKernel body) {
      if (n > 0) {
        body.run(0, n);
      }
    }

    @Override
    public int threads() {
      return 1;
    }
  };
}
