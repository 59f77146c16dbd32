package dev.vitp.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.api.bench.InferenceBench;
import dev.vitp.api.bench.TrainingBench;
import dev.vitp.api.model.Presets;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.spi.BackendFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp bench}: full ViTP training steps (or, with {@code --inference}, the ViT's forward as
 * embed runs it) on synthetic tensors, timed, with the achieved GFLOP/s and their share of the
 * backend's own matmul peak; {@code --compare} runs every capable backend side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time full training steps (forward, backward, AdamW) on synthetic tensors, or "
        + "with --inference the ViT's forward as embed runs it; GFLOP/s from the preset's FLOP "
        + "count and the share of the backend's matmul peak.")
final class BenchCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = "nano", description = "Model preset (${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--backend", defaultValue = "auto", description = "Backend name or config "
      + "JSON (${DEFAULT-VALUE}: the best-ranked backend that trains).")
  String backend;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps (${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3",
      description = "Untimed warm-up steps (${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--batch", defaultValue = "8", description = "Images per step (${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--drop-ratio", defaultValue = "0.75",
      description = "VRL drop ratio r; 0 keeps every image token (${DEFAULT-VALUE}).")
  double dropRatio;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--inference", description = "Time the ViT's forward (no gradients, every "
      + "token kept, as `vitp embed` runs it) instead of training steps; --drop-ratio is ignored.")
  boolean inference;

  @Option(names = "--compare", description = "Run every backend that trains (with --inference: "
      + "that infers), each in a JVM of "
      + "its own (so that peak memory is its own), alternating, --rounds times; print the "
      + "medians and the speed ratios.")
  boolean compare;

  @Option(names = "--rounds", defaultValue = "3",
      description = "With --compare: rounds of every backend (${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (compare) {
      compare(out);
    } else {
      Vitp vitp = parent.vitp();
      Backend compute = ConfigFlags.backend(vitp, backend, capability(), "vitp bench");
      TrainingBench.Result result = inference
          ? InferenceBench.run(compute, Presets.get(preset), batch, steps, warmup, seed)
          : TrainingBench.run(compute, Presets.get(preset), batch, steps, warmup,
              vitp.tokenDrop(new UniformDropConfig(dropRatio, 1.0)), dropRatio, seed);
      out.println(json ? toJson(result) : describe(result));
    }
    out.flush();
    return 0;
  }

  private Capability capability() {
    return inference ? Capability.INFERENCE : Capability.TRAINING;
  }

  private static String describe(TrainingBench.Result r) {
    return String.format(Locale.ROOT, "%s %s %s, batch %d, r=%.2f (%d image tokens kept): %.1f "
            + "images/s, median step %.1f ms, %.1f GFLOP/s (%.3f GFLOP/image), %.0f%% of its "
            + "%d³ matmul peak %.1f GFLOP/s, peak RSS %.0f MiB over %d steps", r.mode(), r.backend(),
        r.preset(), r.batch(), r.dropRatio(), r.keptImageTokens(), r.imagesPerSecond(),
        r.stepMsMedian(), r.gflops(), r.gflopPerImage(), 100 * r.shareOfPeak(),
        TrainingBench.PEAK_SIZE, r.matmulPeakGflops(), r.peakRssMb(), r.steps());
  }

  /** Every capable backend, in child JVMs, alternating round by round. */
  private void compare(PrintWriter out) {
    Vitp vitp = parent.vitp();
    List<String> backends = new ArrayList<>();
    for (String name : vitp.componentNames(ComponentKind.BACKEND)) {
      BackendFactory factory = (BackendFactory) vitp.factory(ComponentKind.BACKEND, name);
      if (!name.equals("auto") && factory.capabilities().contains(capability())) {
        backends.add(name);
      }
    }
    if (rounds < 1 || backends.isEmpty()) {
      throw VitpException.userError("Expected --rounds >= 1 and a backend that can run the "
          + capability().name().toLowerCase(Locale.ROOT) + " benchmark. Received: "
          + "rounds=" + rounds + ", backends=" + backends);
    }
    Map<String, List<TrainingBench.Result>> results = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (String name : backends) {
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(child(name));
      }
    }
    Map<String, TrainingBench.Result> medians = new LinkedHashMap<>();
    results.forEach((name, list) -> medians.put(name, median(list)));
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("rounds", rounds);
      root.put("medians", medians);
      root.put("runs", results);
      out.println(toJson(root));
      return;
    }
    out.printf(Locale.ROOT, "%s %s, batch %d, r=%.2f, %d timed steps; median of %d alternating "
        + "rounds, each backend in a JVM of its own%n", inference ? TrainingBench.INFERENCE
        : TrainingBench.TRAINING, preset, batch, inference ? 0 : dropRatio, steps, rounds);
    out.printf("%-14s %10s %10s %10s %12s %10s %10s%n", "backend", "images/s", "step ms",
        "GFLOP/s", "matmul peak", "% of peak", "RSS MiB");
    for (TrainingBench.Result r : medians.values()) {
      out.printf(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f %12.1f %9.0f%% %10.0f%n", r.backend(),
          r.imagesPerSecond(), r.stepMsMedian(), r.gflops(), r.matmulPeakGflops(),
          100 * r.shareOfPeak(), r.peakRssMb());
    }
    List<TrainingBench.Result> bySpeed = new ArrayList<>(medians.values());
    bySpeed.sort(Comparator.comparingDouble(TrainingBench.Result::imagesPerSecond).reversed());
    for (int i = 1; i < bySpeed.size(); i++) {
      out.printf(Locale.ROOT, "%s / %s: %.2fx images/s, %.2fx peak RSS%n",
          bySpeed.get(0).backend(), bySpeed.get(i).backend(),
          bySpeed.get(0).imagesPerSecond() / bySpeed.get(i).imagesPerSecond(),
          bySpeed.get(0).peakRssMb() / bySpeed.get(i).peakRssMb());
    }
  }

  /** One {@code vitp bench --json} of {@code name} in a child JVM. */
  private TrainingBench.Result child(String name) {
    List<String> args = new ArrayList<>(List.of("bench", "--json", "--backend", name,
        "--preset", preset, "--batch", Integer.toString(batch), "--drop-ratio",
        Double.toString(dropRatio), "--steps", Integer.toString(steps), "--warmup",
        Integer.toString(warmup), "--seed", Long.toString(seed)));
    if (inference) {
      args.add("--inference");
    }
    try {
      Process process = new ProcessBuilder(ChildJvm.vitpCommand(null, args))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      if (process.isAlive() || process.exitValue() != 0) {
        throw VitpException.backendFailure("Expected `vitp " + String.join(" ", args)
            + "` to succeed. Received: " + (process.isAlive() ? "no end" : "exit "
            + process.exitValue()) + ", output " + stdout.strip(), null);
      }
      return mapper.readValue(stdout.strip(), TrainingBench.Result.class);
    } catch (IOException e) {
      throw VitpException.backendFailure("Expected a benchmark child process. Received: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw VitpException.userError("Expected the comparison to finish. Received: an interrupt",
          e);
    }
  }

  /** The round with the median images/s (its own RSS and peak with it). */
  private static TrainingBench.Result median(List<TrainingBench.Result> rounds) {
    List<TrainingBench.Result> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(TrainingBench.Result::imagesPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  private String toJson(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw VitpException.internal("Could not serialise the benchmark result: " + e);
    }
  }
}
