package dev.vitp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.io.DecodedImage;
import dev.vitp.spi.io.ImageCodec;
import dev.vitp.spi.io.Resampler;
import dev.vitp.spi.io.SafeTensors;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.nn.ParameterScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vitp embed}: backbone features of a folder of images, for retrieval and linear probes. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Write backbone features of every image in a folder (safetensors 'features' + "
        + "FILE.json with the image names in row order).")
final class EmbedCommand implements Callable<Integer> {
  private static final List<String> IMAGE_SUFFIXES =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff");

  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--backbone", required = true,
      description = "Exported backbone (.safetensors + .json), InternViT folder or file.")
  String backbone;

  @Option(names = "--images", required = true, description = "Folder of images (recursive).")
  Path images;

  @Option(names = "--out", required = true, description = "The .safetensors file to write.")
  Path out;

  @Option(names = "--backend", defaultValue = "djl-pytorch", description = "(${DEFAULT-VALUE})")
  String backend;

  @Option(names = "--image-size", description = "Input size in pixels (default: the backbone's).")
  @Nullable Integer imageSize;

  @Option(names = "--pool", defaultValue = "cls",
      description = "cls, mean (over patch tokens) or none (all tokens) (${DEFAULT-VALUE}).")
  String pool;

  @Option(names = "--batch", defaultValue = "16", description = "(${DEFAULT-VALUE})")
  int batch;

  @Override
  public Integer call() throws IOException {
    if (!List.of("cls", "mean", "none").contains(pool)) {
      throw VitpException.userError("Expected --pool cls, mean or none. Received: " + pool);
    }
    if (!Files.isDirectory(images)) {
      throw VitpException.userError("Expected --images to be a folder. Received: " + images);
    }
    Vitp vitp = parent.vitp();
    BackboneBuilder builder = (BackboneBuilder) vitp.create(ComponentKind.BACKBONE,
        new VitBackboneConfig(backbone, "nano", imageSize, null, null));
    PrintWriter console = spec.commandLine().getOut();
    List<Path> files = listImages(images);
    Map<String, String> skipped = new TreeMap<>();
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    int[] rowShape = null;
    try (BackendSession session = vitp.backend(backend).newSession(0)) {
      Backbone vit = builder.build(ParameterScope.root(session, 0).child("backbone"));
      int size = vit.imageSize();
      int block = 3 * size * size;
      for (int start = 0; start < files.size(); start += batch) {
        List<Path> chunk = files.subList(start, Math.min(files.size(), start + batch));
        float[] pixels = new float[chunk.size() * block];
        List<String> ok = new ArrayList<>();
        for (Path f : chunk) {
          String name = images.relativize(f).toString();
          try {
            DecodedImage img = ImageCodec.decode(f);
            Resampler.resizeNormalize(img, 0, 0, img.width(), img.height(), false, size,
                ImageNormalization.internVl(), pixels, ok.size() * block);
            ok.add(name);
          } catch (VitpException e) {
            skipped.put(name, e.getMessage());
          }
        }
        if (ok.isEmpty()) {
          continue;
        }
        try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
          int n = ok.size();
          Tensor x = step.constant(java.util.Arrays.copyOf(pixels, n * block),
              Shape.of(n, 3, size, size));
          Tensor tokens = vit.forward(step, x, vit.depth()).get(0);
          Tensor pooled = switch (pool) {
            case "cls" -> step.math().reshape(step.math().slice(tokens, 1, 0, 1), n, vit.width());
            case "mean" -> step.math().mean(step.math().slice(tokens, 1, 1,
                tokens.shape().dim(1)), 1, false);
            default -> tokens;
          };
          float[] values = step.toFloats(pooled);
          int[] dims = pooled.shape().dims();
          rowShape = java.util.Arrays.copyOfRange(dims, 1, dims.length);
          int per = values.length / n;
          for (int i = 0; i < n; i++) {
            rows.add(java.util.Arrays.copyOfRange(values, i * per, (i + 1) * per));
          }
        }
        names.addAll(ok);
      }
    }
    if (rows.isEmpty()) {
      throw VitpException.userError("Expected at least one readable image in " + images
          + ". Received: " + files.size() + " candidates, " + skipped.size() + " unreadable");
    }
    int per = rows.get(0).length;
    float[] all = new float[rows.size() * per];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, all, i * per, per);
    }
    int[] dims = new int[rowShape.length + 1];
    dims[0] = rows.size();
    System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
    SafeTensors.write(out, Map.of("features", new SafeTensors.FloatTensor(Shape.of(dims), all)),
        Map.of("pool", pool, "backbone", backbone));
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("images", names);
    index.put("pool", pool);
    index.put("shape", dims);
    index.put("skipped", skipped);
    SafeTensors.writeAtomically(out.resolveSibling(out.getFileName() + ".json"),
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    console.printf(Locale.ROOT, "Wrote %s: features %s for %d images (%d skipped)%n", out,
        Shape.of(dims), names.size(), skipped.size());
    skipped.forEach((name, why) -> console.println("  skipped " + name + ": " + why));
    return 0;
  }

  /** Image files under {@code root}, sorted; links pointing outside the folder are ignored. */
  private static List<Path> listImages(Path root) throws IOException {
    Path real = root.toRealPath();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> IMAGE_SUFFIXES.stream().anyMatch(
              s -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
          .filter(p -> {
            try {
              return p.toRealPath().startsWith(real);
            } catch (IOException e) {
              return false;
            }
          })
          .sorted().toList();
    }
  }
}
