package dev.vitp.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.cli.SparkMaster;
import dev.vitp.plugins.domains.instruct.Recipe;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vitp curate}: checks every record of a recipe as the pretraining loader does, removes
 * exact duplicate records and duplicate image files, and writes clean JSONL shards with their
 * recipe ({@code meta.json}), the skip report ({@code skips.json}, {@code skips.txt}) and the
 * dataset card ({@code card.md}, {@code card/*.png}).
 */
@Command(name = "curate", mixinStandardHelpOptions = true,
    description = "Check, deduplicate and shard an instruction corpus (a Spark job): clean "
        + "JSONL shards + meta.json, skip report and dataset card under --out.")
final class CurateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--recipe", required = true,
      description = "InternVL recipe (meta JSON) or one JSONL file.")
  Path recipe;

  @Option(names = "--out", required = true, description = "A new or empty folder to write.")
  Path out;

  @Mixin SparkMaster master;

  @Option(names = "--shard-records", defaultValue = "50000", paramLabel = "N",
      description = "Records one task checks and one shard holds at most (${DEFAULT-VALUE}).")
  int shardRecords;

  @Option(names = "--max-reported", defaultValue = "20", paramLabel = "N",
      description = "Skips and duplicates kept as file:line examples (${DEFAULT-VALUE}).")
  int maxReported;

  @Option(names = "--max-image-pixels", paramLabel = "N",
      description = "Decoding bound, as for pretraining: larger images are skipped.")
  long maxImagePixels = ImageLimits.DEFAULT_MAX_PIXELS;

  @Override
  public Integer call() {
    if (shardRecords < 1 || maxReported < 0) {
      throw VitpException.userError("Expected --shard-records >= 1 and --max-reported >= 0. "
          + "Received: " + shardRecords + ", " + maxReported);
    }
    ImageLimits.require(maxImagePixels);
    boolean created = OutFolders.requireNewOrEmpty(out);
    Curation.Options options = new Curation.Options(recipe, out, shardRecords, maxReported,
        maxImagePixels);
    Curation.Result result;
    long[] jobNanos = new long[1];
    try {
      result = SparkJobs.run(master.url(), "curate", spark -> {
        long start = System.nanoTime();
        Curation.Result r = Curation.run(spark, options);
        jobNanos[0] = System.nanoTime() - start;
        return r;
      });
      write(out, result);
    } catch (RuntimeException | Error e) {
      OutFolders.clear(out, created);
      throw e;
    }
    report(result, spec.commandLine().getOut(), jobNanos[0] / 1e9);
    return 0;
  }

  private void report(Curation.Result result, PrintWriter console, double seconds) {
    SkipSummary s = result.skips();
    long written = result.shards().stream().mapToLong(e -> e.length() == null ? 0 : e.length())
        .sum();
    console.printf(Locale.ROOT, "Curated %s: read %d records, skipped %d, %d duplicates; wrote "
        + "%d records in %d shards (job %.1f s, %.0f records/s)%n", recipe, s.read(),
        s.totalSkipped(), result.duplicateRecords(), written, result.shards().size(), seconds,
        s.read() / Math.max(seconds, 1e-9));
    console.println("  recipe " + out.resolve("meta.json") + ", skip report "
        + out.resolve("skips.txt") + ", card " + out.resolve("card.md"));
    if (result.shards().isEmpty()) {
      throw VitpException.userError("Expected at least one clean record in " + recipe
          + ". Received: none (the reasons are in " + out.resolve("skips.txt") + ")");
    }
  }

  /** Writes the recipe of the shards, the skip report and the dataset card under {@code out}. */
  static void write(Path out, Curation.Result result) {
    if (!result.shards().isEmpty()) {
      Recipe.of(result.shards()).write(out.resolve("meta.json"));
    }
    SkipSummary s = result.skips();
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.valueToTree(s);
    ObjectNode duplicates = report.putObject("duplicates");
    duplicates.put("records", result.duplicateRecords());
    duplicates.set("examples", json.valueToTree(result.duplicateExamples()));
    duplicates.put("rewrittenImageFiles", result.rewrittenImageFiles());
    duplicates.put("crossDatasetImages", result.crossDatasetImages());
    try {
      AtomicFiles.write(out.resolve("skips.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder text = new StringBuilder(s.report());
    text.append("\nduplicates: ").append(result.duplicateRecords()).append(" records, ")
        .append(result.rewrittenImageFiles()).append(" image files renamed to their first copy, ")
        .append(result.crossDatasetImages()).append(" images in more than one dataset");
    if (!result.duplicateExamples().isEmpty()) {
      text.append("\n  first duplicates:");
      result.duplicateExamples().forEach(e -> text.append("\n    ").append(e));
    }
    AtomicFiles.writeString(out.resolve("skips.txt"), text.append('\n').toString());
    DatasetCard.write(out, result.datasets());
  }
}
