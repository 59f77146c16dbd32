package dev.vitp.api;

import dev.vitp.spi.VitpException;
import dev.vitp.spi.backend.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The work behind {@link Vitp#embed}: the images through one {@link ImageEmbedder}. */
final class Embedding {
  private Embedding() {}

  static Embeddings run(Vitp vitp, EmbedRequest request) {
    Path images = request.images();
    List<Path> files = ImageEmbedder.listImages(images);
    return run(vitp, request, files,
        files.stream().map(f -> images.relativize(f).toString()).toList(), images.toString());
  }

  /** {@code files} named {@code names}, in that order; {@code what} names them in errors. */
  static Embeddings run(Vitp vitp, EmbedRequest request, List<Path> files, List<String> fileNames,
      String what) {
    if (files.size() != fileNames.size()) {
      throw new IllegalArgumentException(files.size() + " files for " + fileNames.size()
          + " names");
    }
    Map<String, String> skipped = new TreeMap<>();
    List<String> names = new ArrayList<>();
    List<float[]> batches = new ArrayList<>();
    int[] rowShape = null;
    String backendName;
    try (ImageEmbedder embedder = new ImageEmbedder(vitp, request)) {
      backendName = embedder.backendName();
      for (int start = 0; start < files.size(); start += request.batch()) {
        List<Path> chunk = files.subList(start, Math.min(files.size(), start + request.batch()));
        ImageEmbedder.Batch batch = embedder.embed(chunk,
            fileNames.subList(start, start + chunk.size()));
        skipped.putAll(batch.skipped());
        if (!batch.names().isEmpty()) {
          names.addAll(batch.names());
          batches.add(batch.features());
          rowShape = batch.rowShape();
        }
      }
    }
    if (rowShape == null) {
      throw VitpException.userError("Expected at least one readable image in " + what
          + ". Received: " + files.size() + " candidates, " + skipped.size() + " unreadable");
    }
    int total = batches.stream().mapToInt(b -> b.length).sum();
    float[] all = new float[total];
    int at = 0;
    for (float[] b : batches) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    int[] dims = new int[rowShape.length + 1];
    dims[0] = names.size();
    System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
    return new Embeddings(names, Shape.of(dims), all, skipped, backendName);
  }
}
