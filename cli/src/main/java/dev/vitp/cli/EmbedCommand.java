package dev.vitp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Embeddings;
import dev.vitp.api.Vitp;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.toolkit.io.AtomicFiles;
import dev.vitp.toolkit.safetensors.SafeTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp embed}: backbone features of a folder of images, for retrieval and linear probes. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Write backbone features of images (safetensors 'features' + FILE.json with "
        + "the image names in row order; with --spark, Parquet rows (path, features)).")
final class EmbedCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--backbone", required = true,
      description = "Exported backbone (.safetensors + .json), InternViT folder or file.")
  String backbone;

  @Option(names = "--images", required = true, paramLabel = "FOLDER|GLOB|LIST",
      description = "A folder of images (recursive), a glob ('tiles/**/*.png', quoted) or a "
          + "file listing one image path per line.")
  String images;

  @Option(names = "--out", required = true,
      description = "The .safetensors file to write (with --spark: the Parquet folder).")
  Path out;

  @Option(names = "--spark", description = "Run as a Spark job: one backbone per executor, "
      + "features written as Parquet. Needs the Spark module (./vitp adds it).")
  boolean spark;

  @Mixin SparkMaster master;

  @Option(names = "--backend", defaultValue = "auto",
      description = "Backend name or config JSON (${DEFAULT-VALUE}: the best-ranked).")
  String backend;

  @Option(names = "--image-size", description = "Input size in pixels (default: the backbone's).")
  @Nullable Integer imageSize;

  @Option(names = "--pool", defaultValue = "cls",
      description = "cls, mean (over patch tokens) or none (all tokens) (${DEFAULT-VALUE}).")
  String pool;

  @Option(names = "--batch", defaultValue = "16", description = "(${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--max-image-pixels", paramLabel = "N",
      description = ConfigFlags.MAX_IMAGE_PIXELS)
  long maxImagePixels = ImageLimits.DEFAULT_MAX_PIXELS;

  @Override
  public Integer call() throws IOException {
    if (!List.of("cls", "mean", "none").contains(pool)) {
      throw VitpException.userError("Expected --pool cls, mean or none. Received: " + pool);
    }
    EmbedOptions options = new EmbedOptions(backbone, backend, imageSize, pool, batch,
        maxImagePixels, out.toString());
    PrintWriter console = spec.commandLine().getOut();
    if (spark) {
      ClusterJobs cluster = ClusterJobs.find("embed");
      OutPaths.folder(out);
      cluster.embed(options, ImageList.resolve(images), master.url(), console);
      return 0;
    }
    OutPaths.file(out);
    List<ImageList.Image> list = ImageList.resolve(images);
    Vitp vitp = parent.vitp();
    ObjectMapper json = vitp.objectMapper();
    Embeddings result = vitp.embed(options.request(vitp, backbone),
        list.stream().map(i -> Path.of(i.path())).toList(),
        list.stream().map(ImageList.Image::name).toList());
    SafeTensors.write(out, Map.of("features", new SafeTensors.FloatTensor(result.shape(),
        result.features())), Map.of("pool", pool, "backbone", backbone));
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("images", result.images());
    index.put("pool", pool);
    index.put("shape", result.shape().dims());
    index.put("skipped", result.skipped());
    index.put("backend", result.backend());
    AtomicFiles.write(out.resolveSibling(out.getFileName() + ".json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    console.printf(Locale.ROOT, "Wrote %s: features %s for %d images (%d skipped) on %s%n", out,
        result.shape(), result.images().size(), result.skipped().size(), result.backend());
    result.skipped().forEach((name, why) ->
        console.println("  skipped " + name + ": " + why));
    return 0;
  }
}
