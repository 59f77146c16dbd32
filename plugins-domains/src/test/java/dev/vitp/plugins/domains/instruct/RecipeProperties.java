package dev.vitp.plugins.domains.instruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.Fixtures;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class RecipeProperties {
  @Provide
  Arbitrary<Double> repeats() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(0.01, 1.0).ofScale(3),
        Arbitraries.integers().between(1, 20).map(Integer::doubleValue));
  }

  @Property(tries = 50)
  void writeThenReadGivesTheSameRecipe(
      @ForAll @Size(min = 1, max = 5) @UniqueElements List<@net.jqwik.api.constraints.AlphaChars
          @net.jqwik.api.constraints.StringLength(min = 1, max = 10) String> names,
      @ForAll("repeats") double repeat, @ForAll @IntRange(min = 0, max = 100000) int length) {
    Path dir = Fixtures.tempDir();
    try {
      List<RecipeEntry> entries = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        entries.add(new RecipeEntry(n, dir.resolve("data/" + n), dir.resolve("ann/" + n + ".jsonl"),
            repeat, i % 2 == 0 ? (long) length : null));
      }
      Recipe r = Recipe.of(entries);
      Path file = dir.resolve("recipe.json");
      r.write(file);
      Recipe back = Recipe.read(file);
      assertEquals(r.entries(), back.entries());
      assertTrue(back.notes().isEmpty());
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  @Property
  void repeatTimeKeepsTheFirstLinesOrRepeats(@ForAll @IntRange(min = 0, max = 100000) int lines,
      @ForAll("repeats") double repeat) {
    RecipeEntry e = new RecipeEntry("x", Path.of("/r"), Path.of("/a.jsonl"), repeat, null);
    long expected = repeat < 1 ? (long) Math.floor(lines * repeat) : lines * (long) repeat;
    assertEquals(expected, e.keptCount(lines));
  }

  @Property
  void fractionalRepeatAboveOneIsRejected(
      @ForAll @DoubleRange(min = 1.001, max = 50, maxIncluded = false) @net.jqwik.api.constraints.Scale(3) double repeat) {
    if (repeat == Math.rint(repeat)) {
      return;
    }
    VitpException e = assertThrows(VitpException.class,
        () -> new RecipeEntry("x", Path.of("/r"), Path.of("/a.jsonl"), repeat, null));
    assertEquals(ErrorCode.USER_ERROR, e.code());
  }

  @Property
  void repeatTimeAboveTheBoundOrNotANumberIsRejected(
      @ForAll("unbounded") double repeat) {
    VitpException e = assertThrows(VitpException.class,
        () -> new RecipeEntry("x", Path.of("/r"), Path.of("/a.jsonl"), repeat, null));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().contains("an integer from 2 to " + RecipeEntry.MAX_REPEAT),
        e.getMessage());
  }

  @Provide
  Arbitrary<Double> unbounded() {
    return Arbitraries.oneOf(Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 1e300, 1e6,
        RecipeEntry.MAX_REPEAT + 1.0, (double) Long.MAX_VALUE),
        Arbitraries.integers().between(RecipeEntry.MAX_REPEAT + 1, Integer.MAX_VALUE)
            .map(Integer::doubleValue));
  }

  @Property(tries = 30)
  void unknownRecipeFieldsAreNotesNotErrors(@ForAll @net.jqwik.api.constraints.AlphaChars
      @net.jqwik.api.constraints.StringLength(min = 3, max = 8) String field) {
    if (List.of("root", "annotation", "length").contains(field)) {
      return;
    }
    var tree = Json.MAPPER.createObjectNode();
    tree.putObject("ds").put("root", "imgs").put("annotation", "a.jsonl").put("repeat_time", 1)
        .put(field + "_x", 3).put("data_augment", false);
    Recipe r = Recipe.parse(tree, Path.of("/base"), "recipe.json");
    assertEquals(List.of("recipe entry 'ds': unknown field '" + field + "_x'"), r.notes());
    assertEquals(Path.of("/base/imgs"), r.entries().get(0).root());
  }

  @Property(tries = 30)
  void brokenRecipesAreUserErrors(@ForAll("brokenRecipes") String json) {
    Path dir = Fixtures.tempDir();
    try {
      Path f = Fixtures.write(dir.resolve("recipe.json"), List.of(json));
      VitpException e = assertThrows(VitpException.class, () -> Recipe.read(f));
      assertEquals(ErrorCode.USER_ERROR, e.code());
      assertTrue(e.getMessage().startsWith("Expected"), e.getMessage());
    } finally {
      Fixtures.deleteTree(dir);
    }
  }

  @Provide
  Arbitrary<String> brokenRecipes() {
    return Arbitraries.of("{", "[]", "{}", "{\"a\": 3}", "{\"a\": {\"root\": \"r\"}}",
        "{\"a\": {\"annotation\": \"x.jsonl\"}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": \"2\"}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": 1.5}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": 0}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": -1}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": 1e6}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": 1e300}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": 1e400}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"repeat_time\": NaN}}",
        "{\"a\": {\"root\": \"r\", \"annotation\": \"x.jsonl\", \"length\": 2.5}}");
  }

}
