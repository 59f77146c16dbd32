package dev.vitp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.instruct.Recipe;
import dev.vitp.plugins.domains.instruct.RecipeEntry;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import dev.vitp.spi.image.ImageLimits;
import dev.vitp.api.Vitp;
import dev.vitp.cli.VitpCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vitp curate} on a generated corpus with planted bad and duplicate records: the skip
 * report equals the pretraining loader's on the same data, duplicates are gone, and the clean
 * recipe loads without a single skip.
 */
class CurationTest {
  @TempDir static Path tmp;
  private static Path recipe;
  private static String planted;
  private static Curation.Result result;
  private static Path out;

  @BeforeAll
  static void curatePlantedCorpus() throws Exception {
    Path data = tmp.resolve("data");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 24, 3, 32).withThreads(2).withDownstreamSamples(0));
    // The loader reads repeat_time > 1 several times per epoch, curate each record once: compare
    // them on a recipe of one read per record.
    Recipe generated = Recipe.read(data.resolve("recipe.json"));
    List<RecipeEntry> once = new ArrayList<>();
    for (RecipeEntry e : generated.entries()) {
      once.add(new RecipeEntry(e.name(), e.root(), e.annotation(), 1, null));
    }
    recipe = data.resolve("once.json");
    Recipe.of(once).write(recipe);

    RecipeEntry target = once.get(0);
    planted = target.annotation().getFileName().toString();
    List<String> lines = Files.readAllLines(target.annotation());
    String first = lines.get(0);
    String image = firstImage(first);
    Path root = target.root();
    Files.copy(root.resolve(image), root.resolve("copy-of-first.png"));
    Files.writeString(root.resolve("corrupt.png"), "not a png at all");
    List<String> plants = List.of(
        "{\"id\": \"malformed\", \"image\": ",
        record("missing", "nowhere/missing.png", "What is here?", "Nothing."),
        record("corrupt", "corrupt.png", "What is here?", "Noise."),
        record("escape", "../../../../etc/hostname", "What is here?", "A host."),
        "{\"id\": \"one-sided\", \"image\": \"" + image + "\", \"conversations\": "
            + "[{\"from\": \"human\", \"value\": \"Hello?\"}]}",
        // The first record again under another id: an exact duplicate.
        first.replaceFirst("\"id\"\\s*:\\s*\"[^\"]*\"", "\"id\": \"copy-of-first-record\""),
        // A new question about the copied image file: kept, pointed at the original file.
        record("about-the-copy", "copy-of-first.png", "Is this a copy?", "Yes, of the first."),
        // The first record's conversation about the copied file: a duplicate by content.
        first.replaceFirst("\"id\"\\s*:\\s*\"[^\"]*\"", "\"id\": \"first-on-copy\"")
            .replace("\"" + image + "\"", "\"copy-of-first.png\""),
        record("noted", image, "Which class?", "A field.").replace("{\"id\"",
            "{\"width2\": 1, \"id\""));
    Files.writeString(target.annotation(), String.join("\n", plants) + "\n",
        StandardOpenOption.APPEND);

    out = tmp.resolve("curated");
    result = Curation.run(LocalSpark.session(), new Curation.Options(recipe, out, 7, 20,
        ImageLimits.DEFAULT_MAX_PIXELS));
    CurateCommand.write(out, result);
  }

  private static String record(String id, String image, String question, String answer) {
    return "{\"id\": \"" + id + "\", \"image\": \"" + image + "\", \"conversations\": ["
        + "{\"from\": \"human\", \"value\": \"<image>\\n" + question + "\"}, "
        + "{\"from\": \"gpt\", \"value\": \"" + answer + "\"}]}";
  }

  private static String firstImage(String line) {
    int at = line.indexOf("\"image\"");
    int open = line.indexOf('"', line.indexOf(':', at) + 1);
    return line.substring(open + 1, line.indexOf('"', open + 1));
  }

  /** One full, unshuffled epoch of the pretraining loader. */
  private static SkipSummary loaderSummary(Path recipeFile) {
    InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(recipeFile.toString()));
    LoaderOptions options = LoaderOptions.builder().batchSize(4).imageSize(32).workers(2)
        .shuffle(false).build();
    try (BatchStream batches = source.batches(options)) {
      while (batches.hasNext()) {
        batches.next();
      }
      return batches.summary();
    }
  }

  @Test
  void skipReportEqualsTheLoaders() {
    SkipSummary loader = loaderSummary(recipe);
    assertEquals(loader, result.skips());
    assertEquals(1, loader.skipped(SkipReason.MALFORMED_JSON));
    assertEquals(1, loader.skipped(SkipReason.MISSING_IMAGE));
    assertEquals(1, loader.skipped(SkipReason.CORRUPT_IMAGE));
    assertEquals(1, loader.skipped(SkipReason.PATH_ESCAPE));
    assertEquals(1, loader.skipped(SkipReason.ONE_SIDED_CONVERSATION));
    assertEquals(1L, loader.notes().get("unknown field 'width2'"));
    assertTrue(result.skips().examples().get(0).contains(planted + ":"),
        result.skips().examples().toString());
  }

  @Test
  void removesDuplicateRecordsAndPointsCopiesAtTheFirstFile() throws Exception {
    assertEquals(2, result.duplicateRecords(), result.duplicateExamples().toString());
    assertTrue(result.duplicateExamples().get(0).endsWith(planted + ":1"),
        result.duplicateExamples().toString());
    assertEquals(1, result.rewrittenImageFiles());
    String shards;
    try (Stream<Path> files = Files.walk(out.resolve("shards"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(Files.readString(f));
      }
      shards = all.toString();
    }
    assertTrue(shards.contains("about-the-copy"));
    assertFalse(shards.contains("copy-of-first.png"), "records name the first file of a content");
    assertFalse(shards.contains("copy-of-first-record") || shards.contains("first-on-copy"));
  }

  @Test
  void cleanRecipeLoadsWithoutSkips() {
    SkipSummary clean = loaderSummary(out.resolve("meta.json"));
    SkipSummary all = result.skips();
    assertEquals(0, clean.totalSkipped(), clean.report());
    assertEquals(all.kept() - result.duplicateRecords(), clean.kept());
    long written = result.shards().stream().mapToLong(RecipeEntry::length).sum();
    assertEquals(clean.kept(), written);
    assertTrue(result.shards().size() > result.datasets().size(),
        "chunks of 7 records make several shards for the larger datasets");
  }

  @Test
  void writesTheReportsAndTheCard() throws Exception {
    assertTrue(Files.readString(out.resolve("skips.txt")).contains("missing image"));
    assertTrue(Files.readString(out.resolve("skips.json")).contains("\"MALFORMED_JSON\" : 1"));
    String card = Files.readString(out.resolve("card.md"));
    for (DatasetCard.Stats s : result.datasets()) {
      assertTrue(card.contains("## " + s.name()));
      assertNotNull(ImageIO.read(out.resolve("card").resolve(s.folder() + ".png").toFile()));
    }
    DatasetCard.Stats first = result.datasets().get(0);
    assertEquals(first.read(), first.skipped() + first.duplicates() + first.records());
    assertEquals(first.records(), first.answerTokens().values().stream()
        .mapToLong(Long::longValue).sum());
  }

  @Test
  void commandRefusesAFolderWithFilesAndExplainsInOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    LocalSpark.session();
    int code = cmd.execute("curate", "--recipe", recipe.toString(), "--out", out.toString());
    String message = err.toString().strip();
    assertEquals(2, code, message);
    assertTrue(message.startsWith("vitp curate: Expected --out to be a new or empty folder"),
        message);
    assertFalse(message.contains("\n"), message);
    assertTrue(Files.exists(out.resolve("meta.json")), "an earlier curation is not touched");
  }

  @Test
  void aFailedRunLeavesNothingBehind() {
    Path fresh = tmp.resolve("never-made");
    StringWriter err = new StringWriter();
    CommandLine cmd = VitpCli.commandLine(Vitp::create);
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    LocalSpark.session();
    int code = cmd.execute("curate", "--recipe", tmp.resolve("missing.json").toString(),
        "--out", fresh.toString());
    String text = err.toString().strip();
    assertEquals(2, code, text);
    assertTrue(text.startsWith("vitp curate: Expected an existing recipe file"), text);
    assertFalse(Files.exists(fresh), "the folder the run created is gone");
  }
}
