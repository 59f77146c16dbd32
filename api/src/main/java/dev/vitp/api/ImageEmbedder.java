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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A backbone loaded once into a backend session, embedding images batch by batch: decode (the
 * codec pretraining and fine-tuning use), resize, normalise, run the ViT, pool. {@link Vitp#embed}
 * runs one over a folder; a distributed job keeps one per worker. Thread-safe: images are
 * decoded in the calling thread, the forward passes run one at a time (the backend parallelises
 * each). Close it to free the session.
 */
public final class ImageEmbedder implements AutoCloseable {
  /** The file name endings {@link #listImages} takes for images. */
  public static final List<String> IMAGE_SUFFIXES =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff");

  private final Backend backend;
  private final BackendSession session;
  private final Backbone vit;
  private final EmbedRequest.Pooling pool;
  private final long maxImagePixels;

  /**
   * Features of a batch: the rows of the images that decoded, in the order given.
   *
   * @param names the embedded images' names, in row order
   * @param rowShape one image's features: {@code [width]} pooled, {@code [1 + patches, width]}
   *     unpooled
   * @param features {@code names.size()} rows of {@code rowShape}, row-major
   * @param skipped images that could not be decoded (or were too large) and why, in input order
   */
  public record Batch(List<String> names, int[] rowShape, float[] features,
      Map<String, String> skipped) {
    public Batch {
      names = List.copyOf(names);
      skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** The features of row {@code i}. */
    public float[] row(int i) {
      int per = features.length / Math.max(1, names.size());
      return Arrays.copyOfRange(features, i * per, (i + 1) * per);
    }
  }

  ImageEmbedder(Vitp vitp, EmbedRequest request) {
    this.backend = vitp.backend(request.backend());
    BackboneBuilder builder = (BackboneBuilder) vitp.create(ComponentKind.BACKBONE,
        request.backbone());
    this.pool = request.pool();
    this.maxImagePixels = request.maxImagePixels();
    this.session = backend.newSession(0);
    try {
      this.vit = builder.build(ParameterScope.root(session, 0).child("backbone"));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The backend's name, as reported with results. */
  public String backendName() {
    return backend.name();
  }

  /**
   * Embeds {@code files} (named {@code names} in the result) in one forward pass; undecodable
   * images are skipped and named, so a batch may have fewer rows than files.
   */
  public Batch embed(List<Path> files, List<String> names) {
    if (files.size() != names.size()) {
      throw new IllegalArgumentException(files.size() + " files for " + names.size() + " names");
    }
    int size = vit.imageSize();
    int block = 3 * size * size;
    float[] pixels = new float[files.size() * block];
    List<String> ok = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      try {
        DecodedImage img = ImageCodec.decode(files.get(i), maxImagePixels);
        Resampler.resizeNormalize(img, 0, 0, img.width(), img.height(), false, size,
            ImageNormalization.internVl(), pixels, ok.size() * block);
        ok.add(names.get(i));
      } catch (VitpException e) {
        skipped.put(names.get(i), e.getMessage());
      }
    }
    if (ok.isEmpty()) {
      return new Batch(List.of(), new int[0], new float[0], skipped);
    }
    synchronized (session) {
      return forward(pixels, ok, skipped, size, block);
    }
  }

  private Batch forward(float[] pixels, List<String> ok, Map<String, String> skipped, int size,
      int block) {
    try (Step step = session.newStep(StepMode.INFERENCE, 0)) {
      int n = ok.size();
      Tensor x = step.constant(Arrays.copyOf(pixels, n * block), Shape.of(n, 3, size, size));
      Tensor tokens = vit.forward(step, x, vit.depth()).get(0);
      Tensor pooled = switch (pool) {
        case CLS -> step.math().reshape(step.math().slice(tokens, 1, 0, 1), n, vit.width());
        case MEAN -> step.math().mean(step.math().slice(tokens, 1, 1, tokens.shape().dim(1)), 1,
            false);
        case NONE -> tokens;
      };
      int[] dims = pooled.shape().dims();
      return new Batch(ok, Arrays.copyOfRange(dims, 1, dims.length), step.toFloats(pooled),
          skipped);
    }
  }

  @Override
  public void close() {
    synchronized (session) {
      session.close();
    }
  }

  /** Image files under {@code root}, sorted; links pointing outside the folder are ignored. */
  public static List<Path> listImages(Path root) {
    if (!Files.isDirectory(root)) {
      throw VitpException.userError("Expected a folder of images. Received: " + root);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      Path real = root.toRealPath();
      return walk.filter(Files::isRegularFile)
          .filter(p -> isImageName(p.getFileName().toString()))
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

  /** Whether a file name ends like an image ({@link #IMAGE_SUFFIXES}, any case). */
  public static boolean isImageName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
  }
}
