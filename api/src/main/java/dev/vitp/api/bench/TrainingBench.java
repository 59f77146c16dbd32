package dev.vitp.api.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.pretrain.ModelBatch;
import dev.vitp.api.model.ModelSpec;
import dev.vitp.api.model.VitpModel;
import dev.vitp.api.objective.InstructionObjective;
import dev.vitp.api.train.RunFolder;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.api.train.Pretrainer;
import dev.vitp.api.train.StepMetrics;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.train.TrainListener;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.vrl.TokenDropStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times full ViTP training steps (forward, backward, clipping, AdamW) through the real {@link
 * Pretrainer} on synthetic images and text, after warm-up steps that are not counted.
 */
public final class TrainingBench {
  /** Vocabulary of the synthetic text (about what the word-level tokenizer fits on a domain). */
  public static final int VOCAB = 512;

  /** What a benchmark times: full training steps, or the backbone's forward as embed runs it. */
  public static final String TRAINING = "training";
  public static final String INFERENCE = "inference";

  /**
   * One benchmark result, printed by {@code vitp bench --json}. For {@link #INFERENCE} a "step"
   * is one batch through the ViT, r is 0 and every image token is kept.
   */
  public record Result(
      @JsonProperty("mode") String mode,
      @JsonProperty("backend") String backend,
      @JsonProperty("preset") String preset,
      @JsonProperty("batch") int batch,
      @JsonProperty("drop_ratio") double dropRatio,
      @JsonProperty("kept_image_tokens") int keptImageTokens,
      @JsonProperty("steps") int steps,
      @JsonProperty("images_per_s") double imagesPerSecond,
      @JsonProperty("step_ms_median") double stepMsMedian,
      @JsonProperty("peak_rss_mb") double peakRssMb,
      @JsonProperty("gflop_per_image") double gflopPerImage,
      @JsonProperty("gflops") double gflops,
      @JsonProperty("matmul_peak_gflops") double matmulPeakGflops,
      @JsonProperty("share_of_peak") double shareOfPeak) {}

  /** The side of the square matmul that measures a backend's peak. */
  public static final int PEAK_SIZE = 1024;

  private TrainingBench() {}

  public static Result run(Backend backend, ModelSpec spec, int batch, int steps, int warmup,
      TokenDropStrategy drop, double dropRatio, long seed) {
    backend.requireCapability(Capability.TRAINING, "vitp bench (training steps)");
    requirePositive(steps, warmup, batch);
    ObjectMapper json = new ObjectMapper();
    Path runDir = tempDir();
    List<StepMetrics> timed = new ArrayList<>();
    try (BackendSession session = backend.newSession(seed);
        StopSignal stop = StopSignal.manual()) {
      VitpModel model = new VitpModel(session, spec, VOCAB, seed);
      int total = steps + warmup;
      TrainConfig config = TrainConfig.defaults(total).withBatchSize(batch).withSeed(seed)
          .withCheckpointEvery(0);
      TrainListener listener = new TrainListener() {
        @Override
        public void onStep(StepMetrics m, long all) {
          if (m.step() > warmup) {
            timed.add(m);
          }
        }
      };
      new Pretrainer(session, new InstructionObjective.Built(model, drop), (step, micro) -> syntheticBatch(spec, batch,
          seed + step), config, runDir, new Checkpoints(json), json.createObjectNode(),
          List.of(listener)).run(0, stop);
    } finally {
      deleteRecursively(runDir);
    }
    double median = median(timed.stream().mapToDouble(StepMetrics::stepMillis).toArray());
    int kept = timed.isEmpty() ? 0 : timed.get(timed.size() - 1).keptImageTokens();
    double imagesPerSecond = batch / (median / 1000);
    double gflopPerImage = spec.trainingFlopsPerImage(kept, VOCAB) / 1e9;
    double gflops = gflopPerImage * imagesPerSecond;
    double peak = matmulPeakGflops(backend, seed);
    return new Result(TRAINING, backend.name(), spec.name(), batch, dropRatio, kept, steps,
        imagesPerSecond, median, peakRssMb(), gflopPerImage, gflops, peak, gflops / peak);
  }

  static double median(double[] values) {
    double[] ms = values.clone();
    Arrays.sort(ms);
    return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  }

  static void requirePositive(int steps, int warmup, int batch) {
    if (steps <= 0 || warmup < 0 || batch <= 0) {
      throw VitpException.userError("Expected steps > 0, warmup >= 0, batch > 0. Received: steps="
          + steps + ", warmup=" + warmup + ", batch=" + batch);
    }
  }

  /**
   * The backend's own matmul speed, {@value #PEAK_SIZE}³ in one inference step, best of ten after
   * two untimed: the roof a training step on that backend could approach on this machine.
   */
  public static double matmulPeakGflops(Backend backend, long seed) {
    int n = PEAK_SIZE;
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    long best = Long.MAX_VALUE;
    try (BackendSession session = backend.newSession(seed)) {
      for (int round = 0; round < 12; round++) {
        try (Step step = session.newStep(StepMode.INFERENCE, seed)) {
          Tensor x = step.constant(a, Shape.of(n, n));
          step.item(step.math().sumAll(x)); // inputs in place before the clock starts
          long started = System.nanoTime();
          step.item(step.math().sumAll(step.math().matmul(x, x)));
          long took = System.nanoTime() - started;
          if (round >= 2) {
            best = Math.min(best, took);
          }
        }
      }
    }
    return 2.0 * n * n * n / best;
  }

  /** Random normalised images and random text whose answer half is supervised. */
  public static ModelBatch syntheticBatch(ModelSpec spec, int batch, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = spec.vit().imageSize();
    float[] images = new float[batch * 3 * size * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextGaussian();
    }
    int t = spec.decoder() == null ? 2 : spec.decoder().textTokens();
    int[] ids = new int[batch * t];
    int[] targets = new int[batch * t];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextInt(VOCAB);
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        targets[b * t + i] = i >= t / 3 && i + 1 < t ? ids[b * t + i + 1] : ModelBatch.IGNORE;
      }
    }
    return new ModelBatch(batch, size, images, t, ids, targets);
  }

  /** Peak resident set size of this process (Linux VmHWM), in MiB; -1 where unknown. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: fall through
    }
    return -1;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vitp-bench");
    } catch (IOException e) {
      throw VitpException.userError("Expected a writable temp folder. Received: " + e, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try {
      RunFolder.deleteTree(dir);
    } catch (java.io.UncheckedIOException e) {
      // a leftover temp folder is harmless
    }
  }
}
