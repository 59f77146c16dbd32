package dev.vitp.benchmarks;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code a[M, K] @ b[K, N]} through {@code math().matmul} on the shapes of the presets' ViT
 * blocks with batch 8: {@code nano-qkv} [8·65, 128]×[128, 384], {@code nano-fc2} [8·65, 512]×[512,
 * 128], {@code tiny-qkv} [8·145, 192]×[192, 576], {@code tiny-fc2} [8·145, 768]×[768, 192].
 * GFLOP/s = 2·M·N·K / time (forward) and 3× that with the backward (dA and dB).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Backends.VECTOR, Backends.OFFLINE})
@State(Scope.Benchmark)
public class MatmulBenchmark {
  @Param({"jvm", "djl-pytorch"})
  public String backend;

  /** Threads of both backends (2: the build machine's cores); {@code -p threads=1} for one core. */
  @Param({"2"})
  public int threads;

  @Param({"nano-qkv", "nano-fc2", "tiny-qkv", "tiny-fc2"})
  public String shape;

  private BackendSession session;
  private Parameter a;
  private Parameter b;

  /** {M, K, N} of a shape name. */
  static int[] mkn(String shape) {
    return switch (shape) {
      case "nano-qkv" -> new int[] {8 * 65, 128, 384};
      case "nano-fc2" -> new int[] {8 * 65, 512, 128};
      case "tiny-qkv" -> new int[] {8 * 145, 192, 576};
      case "tiny-fc2" -> new int[] {8 * 145, 768, 192};
      default -> throw new IllegalArgumentException(shape);
    };
  }

  @Setup(Level.Trial)
  public void setUp() {
    Backend be = Backends.create(backend, threads);
    session = be.newSession(1);
    int[] s = mkn(shape);
    a = Backends.random(session, "a", 1, 1f, s[0], s[1]);
    b = Backends.random(session, "b", 2, (float) (1 / Math.sqrt(s[1])), s[1], s[2]);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }

  @Benchmark
  public Tensor forward() {
    try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
      return step.math().matmul(step.use(a), step.use(b));
    }
  }

  @Benchmark
  public Tensor forwardBackward() {
    try (Step step = session.newStep(StepMode.TRAINING, 0)) {
      Tensor c = step.math().matmul(step.use(a), step.use(b));
      Tensor loss = step.math().sumAll(c);
      step.backward(loss);
      return loss;
    }
  }
}
