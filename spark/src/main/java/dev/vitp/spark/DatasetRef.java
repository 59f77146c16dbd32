package dev.vitp.spark;

import dev.vitp.plugins.domains.instruct.AnnotationIndex;
import dev.vitp.plugins.domains.instruct.RecipeEntry;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recipe entry as executors see it: paths as strings (a cluster reads them from shared
 * storage). Each executor JVM scans an annotation file once and keeps its index.
 *
 * @param records how many records of the file an epoch reads once (repeat_time below 1 keeps the
 *     first ones), the records {@code vitp curate} checks
 */
record DatasetRef(String name, String root, String annotation, int records)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, AnnotationIndex> INDEXES = new ConcurrentHashMap<>();

  static DatasetRef of(RecipeEntry entry, int lines) {
    int records = (int) Math.min(lines, entry.keptCount(lines));
    return new DatasetRef(entry.name(), entry.root().toString(), entry.annotation().toString(),
        records);
  }

  AnnotationIndex index() {
    return INDEXES.computeIfAbsent(annotation, a -> AnnotationIndex.scan(Path.of(a)));
  }

  /** The folder of this dataset's shards, {@code NN-name} with the name made file-safe. */
  String shardFolder(int d) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
    return String.format(Locale.ROOT, "%02d-%s", d, safe);
  }
}
