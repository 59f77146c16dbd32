package dev.vitp.plugins.domains.instruct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.RecordStream;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class RecordRoundTripProperties {
  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().all().ofMaxLength(40)
        .filter(s -> !s.contains("<image>") && !s.contains("<box>") && !s.contains("</box>"))
        .filter(RecordRoundTripProperties::wellFormedUtf16);
  }

  @Provide
  Arbitrary<InstructionRecord> records() {
    Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1)
        .ofMaxLength(12);
    Arbitrary<List<String>> images = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
        .ofMaxLength(6).map(s -> "img/" + s + ".png").list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<List<String[]>> pairs = Combinators.combine(texts(), texts(),
            Arbitraries.integers().between(0, 1000).list().ofSize(4), Arbitraries.of(true, false))
        .as((q, a, c, box) -> {
          String answer = "A" + a;
          if (box) {
            BoundingBox b = new BoundingBox(Math.min(c.get(0), c.get(2)), Math.min(c.get(1), c.get(3)),
                Math.max(c.get(0), c.get(2)), Math.max(c.get(1), c.get(3)));
            answer += Grounding.format("obj", List.of(b));
          }
          return new String[] {q, answer};
        }).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(id, images, pairs, Arbitraries.of(true, false), texts())
        .as((i, imgs, qa, system, sys) -> {
          List<Turn> turns = new ArrayList<>();
          if (system) {
            turns.add(new Turn(Role.SYSTEM, sys));
          }
          for (int k = 0; k < qa.size(); k++) {
            String q = qa.get(k)[0];
            if (k == 0) {
              StringBuilder p = new StringBuilder();
              for (int n = 1; n <= imgs.size(); n++) {
                p.append(imgs.size() == 1 ? "" : "Image-" + n + ": ").append("<image>\n");
              }
              q = p + q;
            }
            turns.add(new Turn(Role.HUMAN, q));
            turns.add(new Turn(Role.GPT, qa.get(k)[1]));
          }
          return new InstructionRecord(i, imgs, turns);
        });
  }

  @Property(tries = 30)
  void writtenRecordsAreReadBackUnchanged(
      @ForAll @Size(min = 1, max = 12) List<@net.jqwik.api.From("records") InstructionRecord> records) {
    Path dir = Fixtures.tempDir();
    try {
      Path jsonl = dir.resolve("set.jsonl");
      try (RecordWriter w = new RecordWriter(jsonl)) {
        for (InstructionRecord r : records) {
          for (String img : r.images()) {
            touch(dir.resolve(img));
          }
          w.write(r);
        }
      }
      Path recipe = Fixtures.recipe(dir.resolve("recipe.json"), "set", ".", "set.jsonl", 1);
      List<InstructionRecord> back = new ArrayList<>();
      try (RecordStream s = new InternVlSource(InternVlJsonlConfig.of(recipe.toString())).open()) {
        s.forEachRemaining(back::add);
        assertEquals(0, s.summary().totalSkipped(), s.summary().report());
      }
      assertEquals(records, back);
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  @Property(tries = 50)
  void missingPlaceholderIsPrependedToTheFirstHumanTurn(@ForAll("records") InstructionRecord r) {
    List<Turn> stripped = new ArrayList<>();
    for (Turn t : r.conversations()) {
      stripped.add(new Turn(t.from(), t.value().replaceAll("(Image-\\d+: )?<image>\n", "")));
    }
    List<Turn> fixed = RecordParser.placeholders(stripped, r.images().size());
    assertEquals(r.conversations(), fixed);
  }

  /** Text a UTF-8 file can hold: no lone surrogates. */
  static boolean wellFormedUtf16(String s) {
    return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static void touch(Path p) {
    try {
      Files.createDirectories(p.getParent());
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
