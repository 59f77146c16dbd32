package dev.vitp.plugins.domains.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.RecordStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code openDistinct()} reads each record an epoch reads once, whatever repeat_time says: what
 * a vocabulary is fitted on does not grow with the repeats.
 */
class DistinctRecordsProperties {
  @Provide
  Arbitrary<Double> repeats() {
    return Arbitraries.oneOf(Arbitraries.of(0.25, 0.5, 1.0),
        Arbitraries.integers().between(2, 10_000).map(Integer::doubleValue));
  }

  @Property(tries = 15)
  void distinctRecordsAreTheEpochsRecordsEachOnce(@ForAll @IntRange(min = 1, max = 12) int lines,
      @ForAll("repeats") double repeat) {
    Path dir = Fixtures.tempDir();
    try {
      List<String> jsonl = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        jsonl.add(Fixtures.qa("r" + i, "img.png", "<image>\nwhat is this?", "word" + i));
      }
      Fixtures.write(dir.resolve("d.jsonl"), jsonl);
      Fixtures.png(dir.resolve("img.png"), 8, 8, 1);
      Path recipe = Fixtures.recipe(dir.resolve("recipe.json"), "d", ".", "d.jsonl", repeat);
      InternVlSource source = new InternVlSource(InternVlJsonlConfig.of(recipe.toString()));

      long epoch = repeat < 1 ? (long) Math.floor(lines * repeat) : lines * (long) repeat;
      assertEquals(epoch, source.size());
      List<InstructionRecord> distinct = read(source::openDistinct);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < Math.min(lines, epoch); i++) {
        expected.add("r" + i);
      }
      assertEquals(expected, distinct.stream().map(InstructionRecord::id).toList());
      if (epoch <= 1000) {
        // the epoch repeats exactly these records
        List<InstructionRecord> pass = read(source::open);
        assertEquals(epoch, pass.size());
        assertEquals(new java.util.HashSet<>(distinct), new java.util.HashSet<>(pass));
      }
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  private static List<InstructionRecord> read(Supplier<RecordStream> open) {
    List<InstructionRecord> out = new ArrayList<>();
    try (RecordStream s = open.get()) {
      s.forEachRemaining(out::add);
    }
    return out;
  }
}
