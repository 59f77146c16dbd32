package dev.vitp.api;

import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.BackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;
import dev.vitp.spi.backend.Tensor;
import dev.vitp.spi.data.ImageNormalization;
import dev.vitp.spi.model.Backbone;
import dev.vitp.spi.model.BackboneBuilder;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.toolkit.image.DecodedImage;
import dev.vitp.toolkit.image.ImageCodec;
import dev.vitp.toolkit.image.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The work behind {@link Vitp#embed}: decode, resize, normalise, run the ViT, pool. */
final class Embedding {
  private static final List<String> IMAGE_SUFFIXES =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff");

  private Embedding() {}

  static Embeddings run(Vitp vitp, EmbedRequest request) {
    Path images = request.images();
    if (!Files.isDirectory(images)) {
      throw VitpException.userError("Expected a folder of images. Received: " + images);
    }
    Backend backend = vitp.backend(request.backend());
    BackboneBuilder builder = (BackboneBuilder) vitp.create(ComponentKind.BACKBONE,
        request.backbone());
    List<Path> files = listImages(images);
    Map<String, String> skipped = new TreeMap<>();
    List<String> names = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    int[] rowShape = null;
    try (BackendSession session = backend.newSession(0)) {
      Backbone vit = builder.build(ParameterScope.root(session, 0).child("backbone"));
      int size = vit.imageSize();
      int block = 3 * size * size;
      for (int start = 0; start < files.size(); start += request.batch()) {
        List<Path> chunk = files.subList(start, Math.min(files.size(), start + request.batch()));
        float[] pixels = new float[chunk.size() * block];
        List<String> ok = new ArrayList<>();
        for (Path f : chunk) {
          String name = images.relativize(f).toString();
          try {
            // The codec pretraining and fine-tuning use: the same planes for the same file.
            DecodedImage img = ImageCodec.decode(f, request.maxImagePixels());
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
          Tensor x = step.constant(Arrays.copyOf(pixels, n * block), Shape.of(n, 3, size, size));
          Tensor tokens = vit.forward(step, x, vit.depth()).get(0);
          Tensor pooled = switch (request.pool()) {
            case CLS -> step.math().reshape(step.math().slice(tokens, 1, 0, 1), n, vit.width());
            case MEAN -> step.math().mean(step.math().slice(tokens, 1, 1,
                tokens.shape().dim(1)), 1, false);
            case NONE -> tokens;
          };
          float[] values = step.toFloats(pooled);
          int[] dims = pooled.shape().dims();
          rowShape = Arrays.copyOfRange(dims, 1, dims.length);
          int per = values.length / n;
          for (int i = 0; i < n; i++) {
            rows.add(Arrays.copyOfRange(values, i * per, (i + 1) * per));
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
    return new Embeddings(names, Shape.of(dims), all, skipped, backend.name());
  }

  /** Image files under {@code root}, sorted; links pointing outside the folder are ignored. */
  private static List<Path> listImages(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      Path real = root.toRealPath();
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
    } catch (IOException e) {
      throw VitpException.userError("Expected a readable folder of images. Received: " + root
          + " (" + e + ")", e);
    }
  }
}
