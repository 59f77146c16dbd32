package dev.vitp.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.api.ImageEmbedder;
import dev.vitp.api.Vitp;
import dev.vitp.api.model.Backbones;
import dev.vitp.api.model.VitBackboneConfig;
import dev.vitp.cli.EmbedOptions;
import dev.vitp.cli.ImageList;
import dev.vitp.spi.VitpException;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * {@code vitp embed --spark}: the images are spread over partitions, each executor loads the
 * backbone once (its weights shipped with {@code SparkContext.addFile}) and embeds its partitions
 * batch by batch with the same {@link ImageEmbedder} as single-process {@code vitp embed}; the
 * features are written as Parquet ({@code path}, {@code features}) with {@code _embed.json}
 * (pooling, row shape, backend, skipped images) beside the parts.
 */
final class SparkEmbedding {
  static final StructType IMAGES = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("file", DataTypes.StringType, false);
  static final StructType FEATURES = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true)
      .add("error", DataTypes.StringType, true);

  private SparkEmbedding() {}

  static void run(EmbedOptions options, List<ImageList.Image> images, String master,
      PrintWriter console) {
    Path out = Path.of(options.out());
    if (Files.exists(out)) {
      throw VitpException.userError("Expected --out to name a new Parquet folder. Received: "
          + out + " exists");
    }
    SparkJobs.run(master, "embed", spark -> {
      embed(spark, options, images, console);
      return null;
    });
  }

  static void embed(SparkSession spark, EmbedOptions options, List<ImageList.Image> images,
      PrintWriter console) {
    long start = System.nanoTime();
    String shipped = ship(spark, options.backbone());
    List<Row> rows = new ArrayList<>(images.size());
    images.forEach(i -> rows.add(RowFactory.create(i.name(), i.path())));
    // Enough partitions for every core, each at least a batch.
    int partitions = Math.max(1, Math.min(spark.sparkContext().defaultParallelism() * 2,
        (images.size() + options.batch() - 1) / options.batch()));
    org.apache.spark.sql.Dataset<Row> features = spark.createDataFrame(rows, IMAGES)
        .repartition(partitions)
        .mapPartitions(new EmbedPartition(options, shipped), Encoders.row(FEATURES))
        .cache();
    try {
      Map<String, String> skipped = new TreeMap<>();
      features.filter(col("error").isNotNull()).select("path", "error").collectAsList()
          .forEach(r -> skipped.put(r.getString(0), r.getString(1)));
      long embedded = images.size() - skipped.size();
      if (embedded == 0) {
        throw VitpException.userError("Expected at least one readable image in --images. "
            + "Received: " + images.size() + " candidates, all unreadable (first: "
            + skipped.entrySet().iterator().next() + ")");
      }
      features.filter(col("error").isNull()).select("path", "features")
          .write().parquet(options.out());
      Row first = features.filter(col("error").isNull()).select("features").first();
      Map<String, Object> index = new LinkedHashMap<>();
      index.put("images", embedded);
      index.put("pool", options.pool());
      index.put("featuresPerImage", first.getList(0).size());
      index.put("backbone", options.backbone());
      index.put("skipped", skipped);
      AtomicFiles.write(Path.of(options.out(), "_embed.json"),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
      double seconds = (System.nanoTime() - start) / 1e9;
      console.printf(Locale.ROOT, "Wrote %s: features of %d images as Parquet (%d skipped; job "
          + "%.1f s, %.1f images/s)%n", options.out(), embedded, skipped.size(), seconds,
          images.size() / seconds);
      skipped.forEach((name, why) -> console.println("  skipped " + name + ": " + why));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      features.unpersist();
    }
  }

  /**
   * Ships the backbone's files to every executor once; returns the name executors find it under
   * ({@link SparkFiles#get}), or null for a randomly initialised backbone.
   */
  private static @Nullable String ship(SparkSession spark, String backbone) {
    if (backbone.equals(VitBackboneConfig.RANDOM)) {
      return null;
    }
    Path weights = Path.of(backbone).toAbsolutePath().normalize();
    if (!Files.exists(weights)) {
      throw VitpException.userError("Expected an existing backbone. Received: --backbone "
          + backbone);
    }
    if (Files.isDirectory(weights)) {
      spark.sparkContext().addFile(weights.toString(), true);
    } else {
      spark.sparkContext().addFile(weights.toString());
      Path spec = Backbones.specFileOf(weights);
      if (Files.exists(spec)) {
        spark.sparkContext().addFile(spec.toString());
      }
    }
    return weights.getFileName().toString();
  }

  /** Embeds a partition's images with the executor's one backbone. */
  static final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** One embedder per executor JVM and settings: the weights are loaded once. */
    private static final Map<EmbedOptions, ImageEmbedder> EMBEDDERS = new ConcurrentHashMap<>();

    private final EmbedOptions options;
    private final @Nullable String shipped;

    EmbedPartition(EmbedOptions options, @Nullable String shipped) {
      this.options = options;
      this.shipped = shipped;
    }

    private ImageEmbedder embedder() {
      return EMBEDDERS.computeIfAbsent(options, o -> {
        Vitp vitp = SparkClusterJobs.executorVitp();
        String weights = shipped == null ? VitBackboneConfig.RANDOM : SparkFiles.get(shipped);
        return vitp.imageEmbedder(o.request(vitp, weights));
      });
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      ImageEmbedder embedder = embedder();
      List<Row> out = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      List<String> names = new ArrayList<>();
      while (input.hasNext()) {
        Row r = input.next();
        names.add(r.getString(0));
        files.add(Path.of(r.getString(1)));
        if (files.size() == options.batch() || !input.hasNext()) {
          ImageEmbedder.Batch batch = embedder.embed(files, names);
          for (int i = 0; i < batch.names().size(); i++) {
            out.add(RowFactory.create(batch.names().get(i), batch.row(i), null));
          }
          batch.skipped().forEach((name, why) -> out.add(RowFactory.create(name, null, why)));
          files.clear();
          names.clear();
        }
      }
      return out.iterator();
    }
  }
}
