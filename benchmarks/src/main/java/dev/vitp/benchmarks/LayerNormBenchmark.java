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
 * {@code nn().layerNorm(x, gamma, beta, 1e-6)} over the last axis: {@code nano} x[8·65, 128],
 * {@code tiny} x[8·145, 192] (the presets' ViT residual stream), and {@code nano-mlp} x[8·65, 512].
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Backends.VECTOR, Backends.OFFLINE})
@State(Scope.Benchmark)
public class LayerNormBenchmark {
  @Param({"jvm", "djl-pytorch"})
  public String backend;

  /** Threads of both backends (2: the build machine's cores); {@code -p threads=1} for one core. */
  @Param({"2"})
  public int threads;

  @Param({"nano", "tiny", "nano-mlp"})
  public String shape;

  private BackendSession session;
  private Parameter x;
  private Parameter gamma;
  private Parameter beta;

  @Setup(Level.Trial)
  public void setUp() {
    Backend be = Backends.create(backend, threads);
    session = be.newSession(1);
    int[] s = switch (shape) {
      case "nano" -> new int[] {8 * 65, 128};
      case "tiny" -> new int[] {8 * 145, 192};
      case "nano-mlp" -> new int[] {8 * 65, 512};
      default -> throw new IllegalArgumentException(shape);
    };
    x = Backends.random(session, "x", 1, 1f, s);
    gamma = Backends.random(session, "gamma", 2, 1f, s[1]);
    beta = Backends.random(session, "beta", 3, 1f, s[1]);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }

  @Benchmark
  public Tensor forward() {
    try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
      return step.nn().layerNorm(step.use(x), step.use(gamma), step.use(beta), 1e-6f);
    }
  }

  @Benchmark
  public Tensor forwardBackward() {
    try (Step step = session.newStep(StepMode.TRAINING, 0)) {
      Tensor y = step.nn().layerNorm(step.use(x), step.use(gamma), step.use(beta), 1e-6f);
      Tensor loss = step.math().sumAll(y);
      step.backward(loss);
      return loss;
    }
  }
}
