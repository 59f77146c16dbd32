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
 * {@code nn().attention(q, k, v, causal)} on {@code [B, H, T, D]}: {@code nano} B=8, H=4, T=65,
 * D=32 and {@code tiny} B=8, H=3, T=145, D=64 (the presets' ViT attention), non-causal as in the
 * ViT, and {@code nano-causal} B=8, H=4, T=52, D=32 (the nano decoder with VRL r=0.75).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Backends.VECTOR, Backends.OFFLINE})
@State(Scope.Benchmark)
public class AttentionBenchmark {
  @Param({"jvm", "djl-pytorch"})
  public String backend;

  /** Threads of both backends (2: the build machine's cores); {@code -p threads=1} for one core. */
  @Param({"2"})
  public int threads;

  @Param({"nano", "tiny", "nano-causal"})
  public String shape;

  private BackendSession session;
  private Parameter q;
  private Parameter k;
  private Parameter v;
  private boolean causal;

  @Setup(Level.Trial)
  public void setUp() {
    Backend be = Backends.create(backend, threads);
    session = be.newSession(1);
    int[] s = switch (shape) {
      case "nano" -> new int[] {8, 4, 65, 32};
      case "tiny" -> new int[] {8, 3, 145, 64};
      case "nano-causal" -> new int[] {8, 4, 52, 32};
      default -> throw new IllegalArgumentException(shape);
    };
    causal = shape.endsWith("causal");
    q = Backends.random(session, "q", 1, 1f, s);
    k = Backends.random(session, "k", 2, 1f, s);
    v = Backends.random(session, "v", 3, 1f, s);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }

  @Benchmark
  public Tensor forward() {
    try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
      return step.nn().attention(step.use(q), step.use(k), step.use(v), causal);
    }
  }

  @Benchmark
  public Tensor forwardBackward() {
    try (Step step = session.newStep(StepMode.TRAINING, 0)) {
      Tensor o = step.nn().attention(step.use(q), step.use(k), step.use(v), causal);
      Tensor loss = step.math().sumAll(o);
      step.backward(loss);
      return loss;
    }
  }
}
