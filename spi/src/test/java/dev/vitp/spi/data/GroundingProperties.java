package dev.vitp.spi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class GroundingProperties {
  @Provide
  Arbitrary<BoundingBox> boxes() {
    Arbitrary<Integer> c = Arbitraries.integers().between(0, 1000);
    return Combinators.combine(c, c, c, c).as((a, b, x, y) ->
        new BoundingBox(Math.min(a, x), Math.min(b, y), Math.max(a, x), Math.max(b, y)));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-').ofMinLength(1)
        .ofMaxLength(12);
  }

  @Property
  void formatThenParseGivesTheSameMentions(
      @ForAll("names") String prefix, @ForAll("names") String ref,
      @ForAll @Size(min = 1, max = 5) List<@net.jqwik.api.From("boxes") BoundingBox> boxes,
      @ForAll boolean withRef) {
    String text = prefix + " " + Grounding.format(withRef ? ref : null, boxes) + " tail";
    List<GroundingRef> parsed = Grounding.parse(text);
    assertEquals(List.of(new GroundingRef(withRef ? ref : null, boxes)), parsed);
    assertEquals(boxes, Grounding.boxes(text));
  }

  @Property
  void rewriteWithIdentityKeepsCanonicalText(
      @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.From("boxes") BoundingBox> boxes) {
    String text = "<ref>ship</ref>" + Grounding.format(null, boxes).substring(0) + " and more";
    assertEquals(text, Grounding.rewrite(text, b -> b));
  }

  @Property
  void flipTwiceIsIdentity(@ForAll("boxes") BoundingBox b) {
    assertEquals(b, b.flipHorizontal().flipHorizontal());
  }

  @Property
  void pixelEdgesRoundTrip(@ForAll("boxes") BoundingBox b,
      @ForAll @IntRange(min = 1, max = 2000) int w, @ForAll @IntRange(min = 1, max = 2000) int h) {
    double[] e = b.toPixelEdges(w, h);
    assertEquals(b, BoundingBox.fromPixelEdges(e[0], e[1], e[2], e[3], w, h));
  }

  @Provide
  Arbitrary<String> invalidBoxText() {
    Arbitrary<Integer> ok = Arbitraries.integers().between(0, 1000);
    Arbitrary<Integer> out = Arbitraries.oneOf(Arbitraries.integers().between(1001, 100000),
        Arbitraries.integers().between(-100000, -1));
    Arbitrary<String> outOfRange = Combinators.combine(ok, ok, out, Arbitraries.integers().between(0, 3))
        .as((a, b, o, pos) -> {
          int[] v = {a, b, Math.max(a, 500), Math.max(b, 500)};
          v[pos] = o;
          return "[[" + v[0] + "," + v[1] + "," + v[2] + "," + v[3] + "]]";
        });
    Arbitrary<String> swapped = Combinators.combine(Arbitraries.integers().between(1, 1000), ok)
        .as((x, y) -> "[[" + x + "," + y + "," + (x - 1) + "," + y + "]]");
    Arbitrary<String> fractional = ok.map(x -> "[[" + x + ".5,0,1000,1000]]");
    Arbitrary<String> malformed = Arbitraries.of("[]", "[[1,2,3]]", "[[1,2,3,4,5]]", "[1,2,3,4]",
        "[[a,b,c,d]]", "[[1,2,3,4],]", "[[1,2,3,4]][[5,6,7,8]]", "", "[[1, 2, 3, 4]", "[[ ]]");
    return Arbitraries.oneOf(outOfRange, swapped, fractional, malformed)
        .map(inner -> "<ref>x</ref><box>" + inner + "</box>");
  }

  @Property
  void invalidBoxesAreRejectedAsUserErrors(@ForAll("invalidBoxText") String text) {
    VitpException e = assertThrows(VitpException.class, () -> Grounding.parse(text));
    assertEquals(ErrorCode.USER_ERROR, e.code());
    assertTrue(e.getMessage().startsWith("Expected "), e.getMessage());
  }

  @Property(tries = 20)
  void unbalancedMarkupIsRejected(@ForAll("boxes") BoundingBox b) {
    List<String> texts = new ArrayList<>(List.of("<box>" + "[" + b.format() + "]",
        "[" + b.format() + "]</box>", "<box><box>[" + b.format() + "]</box>"));
    for (String t : texts) {
      assertThrows(VitpException.class, () -> Grounding.parse(t), t);
    }
  }
}
