package dev.vitp.cli;

import dev.vitp.api.PredictRequest;
import dev.vitp.api.PredictResult;
import dev.vitp.api.Vitp;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.spi.task.Shard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp predict}: a thin adapter over {@link Vitp#predict}. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a fine-tuned model (a `vitp finetune` folder, or a weights file beside "
        + "its finetune.json) on a folder of images and write its predictions: labels "
        + "(predictions.csv/json), palette mask PNGs, 0/255 change maps, COCO results json and "
        + "DOTA Task1 files, overlays/, predict.json. Scenes larger than a tile are tiled with "
        + "overlap and stitched.")
final class PredictCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "RUN_OR_FILE", description = "A "
      + "`vitp finetune` output folder (its best.safetensors), or a weights file beside its "
      + "finetune.json.")
  Path model;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of "
      + "images (searched recursively); change detection: A/ + B/ (LEVIR-CD) or Image1/ + "
      + "Image2/ (S2Looking), pairs by file stem.")
  Path images;

  @Option(names = "--out", required = true, description = "Output folder (new or empty unless "
      + "--overwrite).")
  Path out;

  @Option(names = "--task", description = "The model's task (checked; default: the model's).")
  @Nullable String task;

  @Option(names = "--tile", paramLabel = "N", description = "Tile side in image pixels for "
      + "scenes larger than it (default: the model's input size).")
  int tile;

  @Option(names = "--overlap", description = "Share of a tile its neighbours overlap, in "
      + "[0, 1) (default: 0.25).")
  double overlap = PredictRequest.DEFAULT_OVERLAP;

  @Option(names = "--backend", description = "Backend name or config JSON (default: the one "
      + "the run trained on).")
  @Nullable String backend;

  @Option(names = "--on-bad-file", description = "skip (count and list; default) or fail.")
  String onBadFile = "skip";

  @Option(names = "--max-image-pixels", paramLabel = "N", description = "Largest image "
      + "decoded, in pixels (default: ${DEFAULT-VALUE}).")
  long maxImagePixels = ImageLimits.DEFAULT_MAX_PIXELS;

  @Option(names = "--overwrite", description = "Replace an earlier prediction's files in --out.")
  boolean overwrite;

  @Option(names = "--spark", description = "Run as a Spark job: the images in one part per "
      + "task, written as one prediction. Needs the Spark module (./vitp adds it).")
  boolean spark;

  @Mixin SparkMaster master;

  @Override
  public Integer call() {
    OutPaths.folder(out);
    PredictOptions options = new PredictOptions(model.toString(), images.toString(),
        out.toString(), task, tile, overlap, backend, onBadFile, maxImagePixels, overwrite);
    if (spark) {
      ClusterJobs.find("predict").predict(options, master.url(), spec.commandLine().getOut());
      return 0;
    }
    Vitp vitp = parent.vitp();
    PredictRequest request = options.request(vitp, out, Shard.ALL);
    PredictResult result = vitp.predict(request);
    var p = result.prediction();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "%s: %d image%s in %d tile%s of %d px (overlap %.2f), model %s%n",
        p.task(), p.images(), p.images() == 1 ? "" : "s", p.tiles(), p.tiles() == 1 ? "" : "s",
        p.tile(), p.overlap(), result.weights());
    for (var e : p.files().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .toList()) {
      List<Path> files = e.getValue();
      w.printf(Locale.ROOT, "  %s: %d file%s%n", e.getKey(), files.size(),
          files.size() == 1 ? "" : "s");
    }
    if (p.skips().skipped() > 0) {
      w.println("  skipped " + p.skips().describe());
    }
    w.println("Wrote " + out + " (" + result.summary().getFileName() + ")");
    w.flush();
    return 0;
  }
}
