package dev.vitp.spark;

import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.plugins.domains.instruct.Dataset;
import dev.vitp.plugins.domains.instruct.Recipe;
import dev.vitp.plugins.domains.instruct.RecipeEntry;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code vitp curate} as a Spark job: every record of a recipe checked as the loader checks it
 * ({@link RecordCheck}, on the executors), exact duplicate records and duplicate image files
 * removed, the clean records written as JSONL shards with a new recipe, and the numbers for the
 * skip report and the dataset card.
 */
final class Curation {
  private Curation() {}

  /**
   * @param shardRecords records each task reads and each shard holds at most
   * @param maxReported how many skips and duplicates are kept as examples
   */
  record Options(Path recipe, Path out, int shardRecords, int maxReported, long maxImagePixels) {}

  /**
   * What a curation found and wrote.
   *
   * @param skips what the pretraining loader would skip and note, over every record read
   * @param duplicateRecords records left out as exact duplicates of an earlier one
   * @param duplicateExamples the first of them as {@code file:line: duplicate of file:line}
   * @param rewrittenImageFiles image files with the content of an earlier file of their dataset,
   *     whose records now name that earlier file
   * @param crossDatasetImages image contents found in more than one dataset (left as they are: a
   *     record names files of its own dataset's root only)
   * @param shards the recipe entries written (a dataset's chunks of clean records)
   */
  record Result(SkipSummary skips, long duplicateRecords, List<String> duplicateExamples,
      long rewrittenImageFiles, long crossDatasetImages, List<RecipeEntry> shards,
      List<DatasetCard.Stats> datasets) {}

  static Result run(SparkSession spark, Options options) {
    Path file = options.recipe();
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    Recipe recipe = fileName.endsWith(".jsonl") ? Recipe.ofAnnotation(file) : Recipe.read(file);
    List<String> recipeNotes = new ArrayList<>(recipe.notes());
    List<Dataset> opened = Dataset.open(recipe, recipeNotes); // also notes length mismatches
    List<DatasetRef> refs = opened.stream()
        .map(DatasetRef::of).toList();

    List<Row> chunks = RecordCheck.chunks(refs, options.shardRecords());
    org.apache.spark.sql.Dataset<Row> checked = spark
        .createDataFrame(chunks, RecordCheck.CHUNK)
        .repartition(Math.max(1, chunks.size()))
        .flatMap(new RecordCheck(refs, options.maxImagePixels()), Encoders.row(RecordCheck.RECORD))
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<org.apache.spark.sql.Dataset<Row>> persisted = new ArrayList<>(List.of(checked));
    try {
      // Every count per dataset and reason in one pass; the skip report and the card share it.
      long[][] readSkipped = new long[refs.size()][2];
      Map<SkipReason, Long> skipped = new TreeMap<>();
      for (Row r : checked.groupBy("d", "reason").count().collectAsList()) {
        readSkipped[r.getInt(0)][0] += r.getLong(2);
        if (!r.isNullAt(1)) {
          readSkipped[r.getInt(0)][1] += r.getLong(2);
          skipped.merge(SkipReason.valueOf(r.getString(1)), r.getLong(2), Long::sum);
        }
      }
      SkipSummary skips = skipSummary(checked, readSkipped, skipped, recipeNotes,
          options.maxReported());
      org.apache.spark.sql.Dataset<Row> kept = checked.filter(col("reason").isNull());

      // Duplicate image files: within a dataset, records are pointed at the first file with the
      // same content (in recipe order); the rest of the corpus never names the copies.
      org.apache.spark.sql.Dataset<Row> images = kept
          .select(col("d"), col("i"), posexplode(arrays_zip(col("images"), col("hashes"),
              col("widths"), col("heights"), col("sizes"))))
          .select(col("d"), col("i"), col("pos"), col("col.images").as("image"),
              col("col.hashes").as("hash"), col("col.widths").as("width"),
              col("col.heights").as("height"), col("col.sizes").as("size"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(images);
      WindowSpec byContent = Window.partitionBy("d", "hash").orderBy("i", "pos");
      Map<Integer, Map<String, String>> rewrites = new HashMap<>();
      for (Row r : images.withColumn("canonical", first(col("image")).over(byContent))
          .filter(col("canonical").notEqual(col("image")))
          .select("d", "image", "canonical").distinct().collectAsList()) {
        rewrites.computeIfAbsent(r.getInt(0), k -> new HashMap<>())
            .put(r.getString(1), r.getString(2));
      }
      long rewrittenFiles = rewrites.values().stream().mapToLong(Map::size).sum();
      long crossDataset = images.select("hash", "d").distinct().groupBy("hash").count()
          .filter(col("count").gt(1)).count();

      // Exact duplicate records: the same conversation about images of the same content.
      WindowSpec byRecord = Window.partitionBy("content_key").orderBy("d", "i");
      org.apache.spark.sql.Dataset<Row> ranked = kept
          .withColumn("rank", row_number().over(byRecord))
          .withColumn("original", first(col("source")).over(byRecord))
          .persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(ranked);
      org.apache.spark.sql.Dataset<Row> duplicates = ranked.filter(col("rank").gt(1));
      long[] duplicatesPerDataset = new long[refs.size()];
      for (Row r : duplicates.groupBy("d").count().collectAsList()) {
        duplicatesPerDataset[r.getInt(0)] = r.getLong(1);
      }
      List<String> duplicateExamples = new ArrayList<>();
      for (Row r : duplicates.orderBy("d", "i").limit(options.maxReported())
          .select("source", "original").collectAsList()) {
        duplicateExamples.add(r.getString(0) + ": duplicate of " + r.getString(1));
      }
      org.apache.spark.sql.Dataset<Row> unique = ranked.filter(col("rank").equalTo(1));

      Path shardRoot = options.out().resolve("shards");
      Broadcast<Map<Integer, Map<String, String>>> sharedRewrites =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rewrites);
      unique.select("d", "chunk", "i", "line", "images")
          .repartition(col("d"), col("chunk"))
          .sortWithinPartitions("d", "chunk", "i")
          .foreachPartition(new ShardWriter(shardRoot.toString(), refs, sharedRewrites));

      List<RecipeEntry> shards = shardEntries(unique, opened, refs, shardRoot);
      List<DatasetCard.Stats> stats = datasetStats(unique, images, refs, readSkipped,
          duplicatesPerDataset, shards, rewrites);
      return new Result(skips, Arrays.stream(duplicatesPerDataset).sum(), duplicateExamples,
          rewrittenFiles, crossDataset, shards, stats);
    } finally {
      persisted.forEach(org.apache.spark.sql.Dataset::unpersist);
    }
  }

  /** What the loader's skip log would hold after one pass over the same records. */
  private static SkipSummary skipSummary(org.apache.spark.sql.Dataset<Row> checked,
      long[][] readSkipped, Map<SkipReason, Long> skipped, List<String> recipeNotes,
      int maxReported) {
    long read = Arrays.stream(readSkipped).mapToLong(rs -> rs[0]).sum();
    long kept = read - Arrays.stream(readSkipped).mapToLong(rs -> rs[1]).sum();
    Map<String, Long> notes = new LinkedHashMap<>();
    recipeNotes.forEach(n -> notes.merge(n, 1L, Long::sum));
    Column position = col("d").cast("long").multiply(1L << 32).plus(col("i"));
    for (Row r : checked.select(explode(col("notes")).as("note"), position.as("position"))
        .groupBy("note").agg(count(lit(1)), min("position").as("first"))
        .orderBy("first").collectAsList()) {
      notes.merge(r.getString(0), r.getLong(1), Long::sum);
    }
    // The loader's own log formats the examples, so that they read the same.
    SkipLog<SkipReason> examples = SkipLog.ofRecords(BadRecordPolicy.SKIP, maxReported);
    for (Row r : checked.filter(col("reason").isNotNull()).orderBy("d", "i").limit(maxReported)
        .select("source", "reason", "detail").collectAsList()) {
      examples.skip(r.getString(0), SkipReason.valueOf(r.getString(1)), r.getString(2));
    }
    return new SkipSummary(read, kept, skipped, notes, examples.examples());
  }

  /** One recipe entry per shard written; a dataset of one shard keeps its name. */
  private static List<RecipeEntry> shardEntries(org.apache.spark.sql.Dataset<Row> unique,
      List<Dataset> opened, List<DatasetRef> refs, Path shardRoot) {
    Map<Integer, List<Row>> byDataset = new TreeMap<>();
    for (Row r : unique.groupBy("d", "chunk").count().orderBy("d", "chunk").collectAsList()) {
      byDataset.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r);
    }
    List<RecipeEntry> entries = new ArrayList<>();
    byDataset.forEach((d, rows) -> {
      RecipeEntry entry = opened.get(d).entry();
      // repeat_time below 1 is applied here (only the records an epoch reads were checked).
      double repeat = Math.max(1, entry.repeatTime());
      for (Row r : rows) {
        int chunk = r.getInt(1);
        String name = rows.size() == 1 ? entry.name()
            : entry.name() + "." + ShardWriter.partName(chunk).replace(".jsonl", "");
        entries.add(new RecipeEntry(name, entry.root(), shardRoot.resolve(refs.get(d)
            .shardFolder(d)).resolve(ShardWriter.partName(chunk)), repeat, r.getLong(2)));
      }
    });
    return entries;
  }

  private static List<DatasetCard.Stats> datasetStats(org.apache.spark.sql.Dataset<Row> unique,
      org.apache.spark.sql.Dataset<Row> images, List<DatasetRef> refs, long[][] readSkipped,
      long[] duplicates, List<RecipeEntry> shards, Map<Integer, Map<String, String>> rewrites) {
    // Images of the clean records, each distinct file once.
    org.apache.spark.sql.Dataset<Row> files = images
        .join(unique.select("d", "i"), new String[] {"d", "i"}, "left_semi")
        .select("d", "image", "hash", "width", "height", "size").distinct();
    Map<Integer, Row> imageStats = new HashMap<>();
    for (Row r : files.groupBy("d").agg(count(lit(1)), countDistinct(col("hash")),
        sum("size"), min("width"), percentile_approx(col("width"), lit(0.5), lit(10000)),
        max("width"), min("height"), percentile_approx(col("height"), lit(0.5), lit(10000)),
        max("height")).collectAsList()) {
      imageStats.put(r.getInt(0), r);
    }
    // Both histograms from one pass: counts per (dataset, answer bucket, text bucket).
    List<Map<Integer, Long>> answers = new ArrayList<>();
    List<Map<Integer, Long>> tokens = new ArrayList<>();
    for (int d = 0; d < refs.size(); d++) {
      answers.add(new TreeMap<>());
      tokens.add(new TreeMap<>());
    }
    for (Row r : unique.groupBy(col("d"), bucket("answer_tokens"), bucket("text_tokens"))
        .count().collectAsList()) {
      answers.get(r.getInt(0)).merge(r.getInt(1), r.getLong(3), Long::sum);
      tokens.get(r.getInt(0)).merge(r.getInt(2), r.getLong(3), Long::sum);
    }
    long[] records = new long[refs.size()];
    Map<String, Integer> datasetOf = new HashMap<>();
    for (int d = 0; d < refs.size(); d++) {
      datasetOf.put(refs.get(d).shardFolder(d), d);
    }
    for (RecipeEntry shard : shards) {
      records[datasetOf.get(shard.annotation().getParent().getFileName().toString())] +=
          shard.length();
    }
    List<DatasetCard.Stats> out = new ArrayList<>();
    for (int d = 0; d < refs.size(); d++) {
      Row im = imageStats.get(d);
      out.add(new DatasetCard.Stats(refs.get(d).name(), refs.get(d).shardFolder(d),
          readSkipped[d][0], readSkipped[d][1], duplicates[d], records[d],
          im == null ? 0 : im.getLong(1), im == null ? 0 : im.getLong(2),
          rewrites.getOrDefault(d, Map.of()).size(), im == null ? 0 : im.getLong(3),
          im == null ? new int[3] : new int[] {im.getInt(4), im.getInt(5), im.getInt(6)},
          im == null ? new int[3] : new int[] {im.getInt(7), im.getInt(8), im.getInt(9)},
          answers.get(d), tokens.get(d)));
    }
    return out;
  }

  /** Power-of-two bucket of {@code column}: 0 holds 0, b holds {@code [2^(b-1), 2^b)}. */
  private static Column bucket(String column) {
    return when(col(column).equalTo(0), 0)
        .otherwise(floor(log2(col(column))).cast("int").plus(1)).as(column + "_bucket");
  }

  /**
   * Writes the clean records of each (dataset, chunk) of a partition to {@code
   * shards/NN-name/part-CCCCC.jsonl}, rewriting image paths of duplicate files. Runs on the
   * executors: the output folder must be storage they share with the driver.
   */
  static final class ShardWriter implements ForeachPartitionFunction<Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String shardRoot;
    private final List<DatasetRef> refs;
    private final Broadcast<Map<Integer, Map<String, String>>> rewrites;

    ShardWriter(String shardRoot, List<DatasetRef> refs,
        Broadcast<Map<Integer, Map<String, String>>> rewrites) {
      this.shardRoot = shardRoot;
      this.refs = List.copyOf(refs);
      this.rewrites = rewrites;
    }

    static String partName(int chunk) {
      return String.format(Locale.ROOT, "part-%05d.jsonl", chunk);
    }

    @Override
    public void call(Iterator<Row> rows) {
      ByteArrayOutputStream shard = new ByteArrayOutputStream();
      int d = -1;
      int chunk = -1;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.getInt(0) != d || r.getInt(1) != chunk) {
          flush(d, chunk, shard);
          d = r.getInt(0);
          chunk = r.getInt(1);
        }
        String line = rewrite(r.getString(3), r.getList(4),
            rewrites.value().getOrDefault(d, Map.of()));
        shard.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        shard.write('\n');
      }
      flush(d, chunk, shard);
    }

    private void flush(int d, int chunk, ByteArrayOutputStream shard) {
      if (d >= 0) {
        Path file = Path.of(shardRoot).resolve(refs.get(d).shardFolder(d))
            .resolve(partName(chunk));
        AtomicFiles.write(file, shard.toByteArray());
        shard.reset();
      }
    }

    /** The record's line with duplicate image files replaced by the first of their content. */
    private static String rewrite(String line, List<String> images, Map<String, String> canon) {
      if (images.stream().noneMatch(canon::containsKey)) {
        return line;
      }
      try {
        ObjectNode record = (ObjectNode) JSON.readTree(line);
        JsonNode image = record.get("image");
        if (image.isTextual()) {
          record.put("image", canon.getOrDefault(image.asText(), image.asText()));
        } else {
          ArrayNode renamed = record.putArray("image");
          image.forEach(e -> renamed.add(canon.getOrDefault(e.asText(), e.asText())));
        }
        return JSON.writeValueAsString(record);
      } catch (IOException e) {
        // The line parsed when it was checked; failing now is a bug, not bad data.
        throw new UncheckedIOException(e);
      }
    }
  }
}
