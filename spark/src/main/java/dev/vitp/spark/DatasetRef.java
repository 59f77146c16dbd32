package dev.vitp.spark;

import dev.vitp.plugins.domains.instruct.AnnotationIndex;
import dev.vitp.plugins.domains.instruct.Dataset;
import dev.vitp.plugins.domains.instruct.RecipeEntry;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recipe entry as executors see it: paths as strings (a cluster reads them from shared
 * storage). Each executor JVM scans an annotation file once and keeps its index, under the file's
 * size and modification time as the driver saw them, so that a file changed since is scanned
 * again; in local mode the executors find the driver's own scan.
 *
 * @param version the annotation file's size and modification time when the driver indexed it
 * @param records how many records of the file an epoch reads once (repeat_time below 1 keeps the
 *     first ones), the records {@code vitp curate} checks
 */
record DatasetRef(String name, String root, String annotation, String version, int records)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, AnnotationIndex> INDEXES = new ConcurrentHashMap<>();

  /** The entry of {@code dataset}, whose index the driver has just scanned. */
  static DatasetRef of(Dataset dataset) {
    RecipeEntry entry = dataset.entry();
    AnnotationIndex index = dataset.index();
    DatasetRef ref = new DatasetRef(entry.name(), entry.root().toString(),
        entry.annotation().toString(), version(entry.annotation()),
        (int) entry.distinctCount(index.size()));
    INDEXES.put(ref.cacheKey(), index);
    return ref;
  }

  AnnotationIndex index() {
    return INDEXES.computeIfAbsent(cacheKey(), k -> AnnotationIndex.scan(Path.of(annotation)));
  }

  private String cacheKey() {
    return annotation + "@" + version;
  }

  private static String version(Path file) {
    try {
      return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder of this dataset's shards, {@code NN-name} with the name made file-safe. */
  String shardFolder(int d) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
    return String.format(Locale.ROOT, "%02d-%s", d, safe);
  }
}
