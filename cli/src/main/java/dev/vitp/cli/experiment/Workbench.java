package dev.vitp.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.Vitp;
import dev.vitp.cli.VitpCli;
import dev.vitp.cli.demo.ConcurrentPretraining;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.Domain;
import dev.vitp.spi.data.GenerationReport;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stages the demo and the experiments share, each driving the public commands as a user
 * would, each resumable: generate the embedded domain ({@link #generate}); pretrain named runs
 * side by side and export their ViTs ({@link #pretrain}). A finished stage (marked by the file it
 * ends with, under the settings it was made with) is not redone; a stage made under other
 * settings is refused unless {@code overwrite}.
 */
public final class Workbench {
  /**
   * A pretrained start.
   *
   * @param runDir its pretraining run folder
   * @param backbone the exported ViT
   * @param seconds wall time of its pretraining in this call, or null if an earlier call made it
   */
  public record Pretrained(Path runDir, Path backbone, @Nullable Double seconds) {}

  /** ViTP with VRL at the paper's r = 0.75 (on every step). */
  public static final String VITP = "vitp";
  /** ViTP without VRL. */
  public static final String NO_VRL = "vitp_no_vrl";
  /** A masked autoencoder on the same images. */
  public static final String MAE = "mae";

  /**
   * The pretraining runs the demo and the experiments share: name → the flags that set its
   * objective; every other flag (recipe, preset, steps, batch, seed, backend) is the same for
   * all, so they see the same images on the same budget, and an experiment reuses the run of
   * another in the same folder.
   */
  public static final Map<String, List<String>> STANDARD_RUNS = new LinkedHashMap<>();

  static {
    STANDARD_RUNS.put(VITP, List.of("--drop-ratio", "0.75"));
    STANDARD_RUNS.put(NO_VRL, List.of("--drop-ratio", "0"));
    // MAE trains its encoder and decoder at one rate, as in its paper; the ViT's tenth of the
    // rate is a ViTP setting (the ViT must not drift before the decoder reads the image).
    STANDARD_RUNS.put(MAE, List.of("--objective", "mae", "--vit-lr-scale", "1"));
  }

  private static final String GENERATED = "generated.json";

  private final PrintWriter console;
  private final Supplier<Vitp> vitp;
  private final Path out;
  private final boolean overwrite;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param console where progress goes
   * @param vitp the runtime nested commands share
   * @param out the folder every stage writes under
   * @param overwrite redo finished stages, and accept other settings than theirs
   */
  public Workbench(PrintWriter console, Supplier<Vitp> vitp, Path out, boolean overwrite) {
    this.console = console;
    this.vitp = vitp;
    this.out = out;
    this.overwrite = overwrite;
  }

  /**
   * Generates the synthetic remote-sensing domain into {@code OUT/data} (64 px images) and
   * returns the generation's recipe; a generation finished earlier with the same settings is
   * reused.
   */
  public Path generate(int samples, int downstreamSamples, long seed) throws IOException {
    Path data = out.resolve("data");
    Path marker = data.resolve(GENERATED);
    ObjectNode settings = json.createObjectNode().put("domain", "remote-sensing")
        .put("samples", samples).put("downstream_samples", downstreamSamples).put("seed", seed)
        .put("image_size", 64);
    if (!overwrite && Files.isRegularFile(marker)) {
      JsonNode before = json.readTree(marker.toFile());
      if (before.path("settings").toString().equals(settings.toString())) { // (int vs long nodes)
        console.println("  reusing the data generated earlier in " + data);
        console.flush();
        return Path.of(before.path("recipe").asText());
      }
      throw VitpException.userError("Expected the settings of the data generated earlier in "
          + data + ". Received: " + settings + " (earlier: " + before.path("settings")
          + "); rerun with --overwrite or another --out");
    }
    Domain domain = (Domain) vitp.get().create(ComponentKind.DOMAIN, "remote-sensing");
    GenerationReport report = domain.generate(new GenerationRequest(data, samples, seed, 64,
        Runtime.getRuntime().availableProcessors(), downstreamSamples));
    console.printf(Locale.ROOT, "  %d images in %.1f s%n", report.imagesWritten(),
        report.elapsed().toMillis() / 1000.0);
    console.flush();
    ObjectNode done = json.createObjectNode();
    done.set("settings", settings);
    done.put("recipe", report.recipe().toAbsolutePath().toString());
    AtomicFiles.write(marker, json.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(done));
    return report.recipe();
  }

  /** Where pretraining run {@code name} lives: {@code OUT/pretrain/<name>}. */
  public Path runDir(String name) {
    return out.resolve("pretrain").resolve(name);
  }

  /**
   * Pretrains every run ({@code vitp pretrain} with {@code shared} flags and then its own, into
   * {@link #runDir}) that has no exported ViT from an earlier call with the same flags, {@code
   * sideBySide} at a time in child JVMs, and exports each ViT to {@code
   * OUT/backbones/<name>.safetensors}. An unfinished run starts over.
   *
   * @param runs name → its own flags (objective, drop ratio …), in order
   * @param shared the flags every run has (recipe, preset, steps, batch, seed, backend)
   * @param steps the steps each run trains (for the progress bars)
   * @param sideBySide how many runs train at once (each with a share of the cores)
   */
  public Map<String, Pretrained> pretrain(Map<String, List<String>> runs, List<String> shared,
      int steps, int sideBySide) throws IOException {
    Map<String, Pretrained> done = new LinkedHashMap<>();
    Map<String, ConcurrentPretraining.Run> toRun = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> run : runs.entrySet()) {
      String name = run.getKey();
      List<String> args = new ArrayList<>(List.of("pretrain"));
      args.addAll(shared);
      args.addAll(run.getValue());
      args.addAll(List.of("--checkpoint-every", "0", "--overwrite", "--out",
          runDir(name).toString()));
      Path backbone = backbone(name);
      Path argsFile = out.resolve("pretrain").resolve(name + ".args.json");
      if (!overwrite && Files.isRegularFile(backbone) && Files.isRegularFile(argsFile)) {
        List<String> before = List.of(json.readValue(argsFile.toFile(), String[].class));
        if (!before.equals(args)) {
          throw VitpException.userError("Expected the settings of the earlier pretraining run "
              + name + " in " + runDir(name) + ". Received: `vitp " + String.join(" ", args)
              + "` (earlier: `vitp " + String.join(" ", before) + "`); rerun with --overwrite "
              + "or another --out");
        }
        done.put(name, new Pretrained(runDir(name), backbone, null));
        continue;
      }
      Files.deleteIfExists(backbone);
      Files.createDirectories(argsFile.getParent());
      AtomicFiles.write(argsFile, json.writeValueAsBytes(args));
      toRun.put(name, new ConcurrentPretraining.Run(runDir(name), args));
    }
    if (!done.isEmpty()) {
      console.println("  reusing the pretraining runs finished earlier: "
          + String.join(", ", done.keySet()));
    }
    List<String> names = new ArrayList<>(toRun.keySet());
    for (int from = 0; from < names.size(); from += sideBySide) {
      Map<String, ConcurrentPretraining.Run> wave = new LinkedHashMap<>();
      for (String name : names.subList(from, Math.min(names.size(), from + sideBySide))) {
        wave.put(name, toRun.get(name));
      }
      console.println("  pretraining " + String.join(", ", wave.keySet()) + " side by side ("
          + Math.min(names.size(), from + sideBySide) + " of " + names.size() + ")");
      console.flush();
      Map<String, Double> seconds = new ConcurrentPretraining(console, steps)
          .run(wave, out.resolve("pretrain"));
      for (String name : wave.keySet()) {
        execute("export-backbone", "--run", runDir(name).toString(), "--out",
            backbone(name).toString());
        done.put(name, new Pretrained(runDir(name), backbone(name), seconds.get(name)));
      }
    }
    Map<String, Pretrained> inOrder = new LinkedHashMap<>();
    runs.keySet().forEach(name -> inOrder.put(name, done.get(name)));
    return inOrder;
  }

  private Path backbone(String name) {
    return out.resolve("backbones").resolve(name + ".safetensors");
  }

  /** Runs a sibling command on a fresh command line that shares this runtime. */
  public void execute(String... args) {
    var nested = VitpCli.commandLine(vitp);
    nested.setOut(console);
    nested.setErr(console);
    int exit = nested.execute(args);
    if (exit != 0) {
      throw VitpException.userError("Expected `vitp " + String.join(" ", args) + "` to succeed. "
          + "Received: exit code " + exit + " (its message is above)");
    }
  }
}
