package dev.vitp.plugins.domains.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.BatchStream;
import dev.vitp.spi.data.LoaderOptions;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.SkipReason;
import dev.vitp.spi.data.SkipSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Every kind of bad input, mixed at random with good records: the run never crashes, skips are
 * counted per reason with the first ones reported as {@code file:line: reason}, and policy fail
 * stops at the first with that message.
 */
class BadInputProperties {
  enum Kind {
    GOOD(null, null),
    UNKNOWN_FIELD(null, null),
    MALFORMED_JSON(SkipReason.MALFORMED_JSON, SkipReason.MALFORMED_JSON),
    NOT_AN_OBJECT(SkipReason.INVALID_RECORD, SkipReason.INVALID_RECORD),
    MISSING_IMAGE(SkipReason.MISSING_IMAGE, SkipReason.MISSING_IMAGE),
    TRUNCATED_IMAGE(null, SkipReason.CORRUPT_IMAGE),
    GARBAGE_IMAGE(null, SkipReason.CORRUPT_IMAGE),
    TRAVERSAL(SkipReason.PATH_ESCAPE, SkipReason.PATH_ESCAPE),
    ABSOLUTE_OUTSIDE(SkipReason.PATH_ESCAPE, SkipReason.PATH_ESCAPE),
    SYMLINK_ESCAPE(SkipReason.PATH_ESCAPE, SkipReason.PATH_ESCAPE),
    NO_IMAGE(SkipReason.NO_IMAGE, SkipReason.NO_IMAGE),
    EMPTY_CONVERSATION(SkipReason.EMPTY_CONVERSATION, SkipReason.EMPTY_CONVERSATION),
    ONE_SIDED(SkipReason.ONE_SIDED_CONVERSATION, SkipReason.ONE_SIDED_CONVERSATION),
    BOX_OUT_OF_RANGE(SkipReason.BAD_BOX, SkipReason.BAD_BOX),
    BOX_SWAPPED(SkipReason.BAD_BOX, SkipReason.BAD_BOX),
    PLACEHOLDER_MISMATCH(SkipReason.IMAGE_PLACEHOLDER_MISMATCH,
        SkipReason.IMAGE_PLACEHOLDER_MISMATCH);

    /** Reason when reading records only (images are not decoded). */
    final @Nullable SkipReason onRecords;
    /** Reason when loading batches (images decoded). */
    final @Nullable SkipReason onBatches;

    Kind(@Nullable SkipReason onRecords, @Nullable SkipReason onBatches) {
      this.onRecords = onRecords;
      this.onBatches = onBatches;
    }
  }

  private static String line(Kind k, int i, Path outside) {
    String q = "What is shown?";
    return switch (k) {
      case GOOD -> Fixtures.qa("r" + i, "good.png", q, "<ref>tank</ref><box>[[10,20,300,400]]</box>");
      case UNKNOWN_FIELD -> Fixtures.qa("r" + i, "good.png", q, "a tank")
          .replaceFirst("\\{", "{\"extra_field\": 3, ");
      case MALFORMED_JSON -> "{\"id\": \"r" + i + "\", \"image\": \"good.png\", \"conversations\": [";
      case NOT_AN_OBJECT -> "[1, 2, 3]";
      case MISSING_IMAGE -> Fixtures.qa("r" + i, "nope/absent.png", q, "x");
      case TRUNCATED_IMAGE -> Fixtures.qa("r" + i, "truncated.png", q, "x");
      case GARBAGE_IMAGE -> Fixtures.qa("r" + i, "garbage.jpg", q, "x");
      case TRAVERSAL -> Fixtures.qa("r" + i, "sub/../../outside.png", q, "x");
      case ABSOLUTE_OUTSIDE -> Fixtures.qa("r" + i, outside.toString(), q, "x");
      case SYMLINK_ESCAPE -> Fixtures.qa("r" + i, "link.png", q, "x");
      case NO_IMAGE -> Fixtures.record("r" + i, null,
          List.of(new String[] {"human", q}, new String[] {"gpt", "x"}));
      case EMPTY_CONVERSATION -> Fixtures.record("r" + i, "good.png", List.of());
      case ONE_SIDED -> Fixtures.record("r" + i, "good.png", List.<String[]>of(new String[] {"human", q}));
      case BOX_OUT_OF_RANGE -> Fixtures.qa("r" + i, "good.png", q, "<box>[[0,0,1200,10]]</box>");
      case BOX_SWAPPED -> Fixtures.qa("r" + i, "good.png", q, "<ref>a</ref><box>[[500,0,100,10]]</box>");
      case PLACEHOLDER_MISMATCH -> Fixtures.qa("r" + i, "good.png", "<image>\n<image>\n" + q, "x");
    };
  }

  private record Setup(Path dir, Path recipe, Path jsonl) {}

  private static Setup setup(List<Kind> kinds) {
    Path dir = Fixtures.tempDir();
    Path root = dir.resolve("root");
    Path outside = Fixtures.png(dir.resolve("outside.png"), 8, 8, 1);
    Fixtures.png(root.resolve("good.png"), 24, 16, 2);
    Fixtures.truncatedPng(root.resolve("truncated.png"), 3);
    Fixtures.garbage(root.resolve("garbage.jpg"), 4);
    try {
      Files.createSymbolicLink(root.resolve("link.png"), outside);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      lines.add(line(kinds.get(i), i, outside));
      if (i % 5 == 4) {
        lines.add("   "); // blank lines are not records, but they count for line numbers
      }
    }
    Path jsonl = Fixtures.write(dir.resolve("ann/data.jsonl"), lines);
    Path recipe = Fixtures.recipe(dir.resolve("recipe.json"), "data", "root", "ann/data.jsonl", 1);
    return new Setup(dir, recipe, jsonl);
  }

  /** The file line of record {@code i} given a blank line after every fifth record. */
  private static int lineOf(int i) {
    return i + 1 + i / 5;
  }

  private static void check(List<Kind> kinds, SkipSummary s, boolean batches, Path jsonl) {
    Map<SkipReason, Long> expected = new EnumMap<>(SkipReason.class);
    List<String> firstLines = new ArrayList<>();
    long kept = 0;
    long notes = 0;
    for (int i = 0; i < kinds.size(); i++) {
      Kind k = kinds.get(i);
      SkipReason r = batches ? k.onBatches : k.onRecords;
      if (r == null) {
        kept++;
        notes += k == Kind.UNKNOWN_FIELD ? 1 : 0;
      } else {
        expected.merge(r, 1L, Long::sum);
        firstLines.add(jsonl + ":" + lineOf(i) + ": " + r.description());
      }
    }
    assertEquals(expected, s.skipped(), s.report());
    assertEquals(kept, s.kept());
    assertEquals(kinds.size(), s.read());
    assertEquals(notes, s.notes().getOrDefault("unknown field 'extra_field'", 0L), s.report());
    int n = Math.min(20, firstLines.size());
    assertEquals(n, s.examples().size());
    for (int i = 0; i < n; i++) {
      assertTrue(s.examples().get(i).startsWith(firstLines.get(i) + ": "),
          s.examples().get(i) + " vs " + firstLines.get(i));
    }
  }

  @Property(tries = 25)
  void badRecordsAreSkippedAndCountedPerReason(
      @ForAll @Size(min = 1, max = 40) List<Kind> kinds,
      @ForAll @IntRange(min = 1, max = 5) int batchSize) {
    Setup s = setup(kinds);
    try {
      InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(s.recipe().toString()));
      try (RecordStream records = source.open()) {
        records.forEachRemaining(r -> { });
        check(kinds, records.summary(), false, s.jsonl());
      }
      LoaderOptions o = LoaderOptions.builder().batchSize(batchSize).imageSize(16).workers(2)
          .prefetchBatches(2).shuffle(false).build();
      long images = 0;
      try (BatchStream b = source.batches(o)) {
        while (b.hasNext()) {
          images += b.next().imageCount();
        }
        check(kinds, b.summary(), true, s.jsonl());
      }
      assertEquals(kinds.stream().filter(k -> k.onBatches == null).count(), images);
    } finally {
      Fixtures.deleteTree(s.dir());
    }
  }

  @Property(tries = 25)
  void policyFailStopsAtTheFirstBadRecordNamingFileAndLine(
      @ForAll @Size(min = 1, max = 30) List<Kind> kinds) {
    Setup s = setup(kinds);
    try {
      InternVlSource source = new InternVlSource(
          InternVlJsonlConfig.of(s.recipe().toString()).withPolicy(BadRecordPolicy.FAIL));
      for (boolean batches : new boolean[] {false, true}) {
        int first = -1;
        for (int i = 0; i < kinds.size() && first < 0; i++) {
          if ((batches ? kinds.get(i).onBatches : kinds.get(i).onRecords) != null) {
            first = i;
          }
        }
        Runnable run = batches
            ? () -> {
              try (BatchStream b = source.batches(LoaderOptions.builder().batchSize(3).imageSize(16)
                  .workers(2).shuffle(false).build())) {
                b.forEachRemaining(x -> { });
              }
            }
            : () -> {
              try (RecordStream r = source.open()) {
                r.forEachRemaining(x -> { });
              }
            };
        if (first < 0) {
          run.run();
          continue;
        }
        VitpException e = assertThrows(VitpException.class, run::run);
        assertEquals(ErrorCode.USER_ERROR, e.code());
        SkipReason r = batches ? kinds.get(first).onBatches : kinds.get(first).onRecords;
        assertTrue(e.getMessage().startsWith(s.jsonl() + ":" + lineOf(first) + ": "
            + r.description()), e.getMessage());
      }
    } finally {
      Fixtures.deleteTree(s.dir());
    }
  }
}
