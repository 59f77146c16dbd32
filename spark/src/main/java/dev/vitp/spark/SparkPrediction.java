package dev.vitp.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.Vitp;
import dev.vitp.api.train.RunFolder;
import dev.vitp.cli.PredictOptions;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipLog;
import dev.vitp.spi.task.Shard;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.SparkSession;

/**
 * {@code vitp predict --spark}: the images (or change-detection pairs) in sorted order are cut
 * into one contiguous {@link Shard} per task; each task predicts its part with the facade into
 * {@code OUT/parts/part-K/}, and the driver joins the parts in order into what a single-process
 * prediction writes: tables and JSON arrays concatenated (one header), per-class text files
 * appended, masks and overlays moved, and one {@code predict.json} with the totals.
 */
final class SparkPrediction {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkPrediction() {}

  static void run(PredictOptions options, String master, PrintWriter console) {
    if (options.overwrite()) {
      throw VitpException.userError("Expected no --overwrite with --spark. Received: "
          + "--overwrite (a distributed prediction writes a new or empty --out)");
    }
    Path out = Path.of(options.out());
    boolean created = OutFolders.requireNewOrEmpty(out);
    try {
      SparkJobs.run(master, "predict", spark -> {
        predict(spark, options, console);
        return null;
      });
    } catch (RuntimeException | Error e) {
      OutFolders.clear(out, created);
      throw e;
    }
  }

  static void predict(SparkSession spark, PredictOptions options, PrintWriter console) {
    long start = System.nanoTime();
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(IntStream.range(0, parts).boxed().toList(), parts)
        .foreach(new PredictPart(options, parts));
    Path out = Path.of(options.out());
    JsonNode summary = merge(out, parts);
    double seconds = (System.nanoTime() - start) / 1e9;
    long predicted = summary.get("predicted").asLong();
    console.printf(Locale.ROOT, "%s: %d image%s in %d parts, %d tiles (job %.1f s, %.1f "
        + "images/s)%n", summary.get("task").asText(), predicted, predicted == 1 ? "" : "s",
        parts, summary.get("tiles").asLong(), seconds, predicted / seconds);
    summary.get("files").fields().forEachRemaining(e -> console.printf(Locale.ROOT,
        "  %s: %d files%n", e.getKey(), e.getValue().size()));
    long skipped = summary.get("skipped").get("count").asLong();
    if (skipped > 0) {
      console.println("  skipped " + skipped + " files (predict.json lists the first)");
    }
    console.println("Wrote " + out + " (predict.json)");
  }

  /** Predicts one part of the images into {@code OUT/parts/part-K}. */
  static final class PredictPart implements VoidFunction<Integer> {
    private static final long serialVersionUID = 1L;
    private final PredictOptions options;
    private final int parts;

    PredictPart(PredictOptions options, int parts) {
      this.options = options;
      this.parts = parts;
    }

    @Override
    public void call(Integer part) {
      Vitp vitp = SparkClusterJobs.executorVitp();
      // A retried task replaces what its failed attempt left in its own part folder.
      vitp.predict(options.request(vitp, partFolder(Path.of(options.out()), part),
          new Shard(part, parts)).withOverwrite(true));
    }
  }

  static Path partFolder(Path out, int part) {
    return out.resolve("parts").resolve(String.format(Locale.ROOT, "part-%05d", part));
  }

  /**
   * Joins the parts, in order, into {@code out} and writes its {@code predict.json}; returns it.
   * The files of each part are named by its {@code predict.json}, relative to the part.
   */
  static JsonNode merge(Path out, int parts) {
    ObjectNode merged = null;
    long predicted = 0;
    long tiles = 0;
    long skipped = 0;
    Map<String, Long> byReason = new LinkedHashMap<>();
    List<JsonNode> firstSkips = new ArrayList<>();
    Map<String, TreeSet<String>> files = new TreeMap<>();
    Map<String, ByteArrayOutputStream> texts = new LinkedHashMap<>();
    Map<String, ArrayNode> arrays = new LinkedHashMap<>();
    try {
      for (int k = 0; k < parts; k++) {
        Path part = partFolder(out, k);
        JsonNode summary = JSON.readTree(part.resolve("predict.json").toFile());
        if (merged == null) {
          merged = (ObjectNode) summary.deepCopy();
        }
        predicted += summary.get("predicted").asLong();
        tiles += summary.get("tiles").asLong();
        JsonNode skips = summary.get("skipped");
        skipped += skips.get("count").asLong();
        skips.get("by_reason").fields().forEachRemaining(
            e -> byReason.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        skips.get("first").forEach(firstSkips::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("files").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> kind = it.next();
          for (JsonNode name : kind.getValue()) {
            String relative = name.asText();
            join(part.resolve(relative), out.resolve(relative), relative, texts, arrays);
            files.computeIfAbsent(kind.getKey(), x -> new TreeSet<>()).add(relative);
          }
        }
      }
      if (predicted == 0) {
        throw VitpException.userError("Expected at least one image to predict. Received: none "
            + "usable under " + merged.get("images").asText() + " (" + skipped + " skipped)");
      }
      for (Map.Entry<String, ByteArrayOutputStream> t : texts.entrySet()) {
        AtomicFiles.write(out.resolve(t.getKey()), t.getValue().toByteArray());
      }
      for (Map.Entry<String, ArrayNode> a : arrays.entrySet()) {
        AtomicFiles.write(out.resolve(a.getKey()), JSON.writeValueAsBytes(a.getValue()));
      }
      merged.put("predicted", predicted);
      merged.put("tiles", tiles);
      merged.set("files", JSON.valueToTree(files));
      ObjectNode skipNode = merged.putObject("skipped");
      skipNode.put("count", skipped);
      skipNode.set("by_reason", JSON.valueToTree(byReason));
      skipNode.set("first", JSON.valueToTree(firstSkips.subList(0,
          Math.min(firstSkips.size(), SkipLog.FILE_EXAMPLES))));
      AtomicFiles.write(out.resolve("predict.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(merged));
      RunFolder.deleteTree(out.resolve("parts"));
      return merged;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds one part's file to the whole: a CSV table's rows (its header once), a JSON array's
   * elements, a text file's lines; any other file (a mask, an overlay) is moved into place.
   */
  private static void join(Path from, Path to, String relative,
      Map<String, ByteArrayOutputStream> texts, Map<String, ArrayNode> arrays) throws IOException {
    if (relative.endsWith(".csv")) {
      byte[] bytes = Files.readAllBytes(from);
      ByteArrayOutputStream table = texts.get(relative);
      if (table == null) {
        texts.put(relative, table = new ByteArrayOutputStream());
        table.writeBytes(bytes);
      } else {
        String text = new String(bytes, StandardCharsets.UTF_8);
        table.writeBytes(text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8));
      }
    } else if (relative.endsWith(".json")) {
      arrays.computeIfAbsent(relative, r -> JSON.createArrayNode())
          .addAll((ArrayNode) JSON.readTree(from.toFile()));
    } else if (relative.endsWith(".txt")) {
      texts.computeIfAbsent(relative, r -> new ByteArrayOutputStream())
          .writeBytes(Files.readAllBytes(from));
    } else {
      Files.createDirectories(to.getParent());
      Files.move(from, to);
    }
  }
}
