package dev.vitp.benchmarks;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;

/**
 * A quick check for a shared machine, outside JMH: both backends in one process, calls
 * alternating, the best of 40 rounds of 5 matmuls each, so that time slices lost to other jobs
 * (which JMH's averages absorb) mostly drop out. Prints GFLOP/s per backend and the ratio.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.vitp.benchmarks.MatmulSideBySide [threads]}
 */
public final class MatmulSideBySide {
  private MatmulSideBySide() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String[] names = {"jvm", "djl-pytorch"};
    for (String shape : new String[] {"nano-qkv", "nano-fc2", "tiny-qkv", "tiny-fc2"}) {
      int[] s = MatmulBenchmark.mkn(shape);
      BackendSession[] sessions = new BackendSession[2];
      Parameter[][] params = new Parameter[2][];
      for (int i = 0; i < 2; i++) {
        Backend backend = Backends.create(names[i], threads);
        sessions[i] = backend.newSession(1);
        params[i] = new Parameter[] {Backends.random(sessions[i], "a", 1, 1f, s[0], s[1]),
            Backends.random(sessions[i], "b", 2, 0.1f, s[1], s[2])};
      }
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
      for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 2; i++) {
          long t0 = System.nanoTime();
          for (int it = 0; it < 5; it++) {
            try (Step step = sessions[i].newStep(StepMode.INFERENCE, 0)) {
              step.math().matmul(step.use(params[i][0]), step.use(params[i][1]));
            }
          }
          best[i] = Math.min(best[i], (System.nanoTime() - t0) / 5.0);
        }
      }
      double flop = 2.0 * s[0] * s[1] * s[2];
      System.out.printf("%-9s threads %d: jvm %.1f GFLOP/s, djl-pytorch %.1f GFLOP/s, jvm/djl %.2f%n",
          shape, threads, flop / best[0], flop / best[1], best[1] / best[0]);
      for (BackendSession session : sessions) {
        session.close();
      }
    }
  }
}
