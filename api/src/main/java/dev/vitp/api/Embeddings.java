package dev.vitp.api;

import dev.vitp.spi.backend.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Features of a folder of images ({@link Vitp#embed}).
 *
 * @param images the embedded images, relative to the folder, in row order
 * @param shape {@code [images, width]} pooled, {@code [images, 1 + patches, width]} unpooled
 * @param features row-major values of {@code shape}
 * @param skipped unreadable images and why, sorted by name
 * @param backend the backend that computed them
 */
public record Embeddings(List<String> images, Shape shape, float[] features,
    Map<String, String> skipped, String backend) {
  public Embeddings {
    images = List.copyOf(images);
    skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
  }
}
