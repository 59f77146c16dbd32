package dev.vitp.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.api.bench.TrainingBench;
import dev.vitp.api.model.Presets;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.spi.VitpException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp bench}: full ViTP training steps on synthetic tensors, timed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time full training steps (forward, backward, AdamW) on synthetic tensors.")
final class BenchCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = "nano", description = "Model preset (${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--backend", defaultValue = "auto",
      description = "Backend name (${DEFAULT-VALUE}).")
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

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Vitp vitp = parent.vitp();
    var result = TrainingBench.run(vitp.backend(backend), Presets.get(preset), batch, steps,
        warmup, vitp.tokenDrop(new UniformDropConfig(dropRatio, 1.0)), dropRatio, seed);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(new ObjectMapper().writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw VitpException.internal("Could not serialise the benchmark result: " + e);
      }
    } else {
      out.printf("%s %s batch %d, r=%.2f (%d image tokens kept): %.1f images/s, median step "
              + "%.1f ms, peak RSS %.0f MiB over %d steps%n", result.backend(), result.preset(),
          result.batch(), result.dropRatio(), result.keptImageTokens(), result.imagesPerSecond(),
          result.stepMsMedian(), result.peakRssMb(), result.steps());
    }
    out.flush();
    return 0;
  }
}
