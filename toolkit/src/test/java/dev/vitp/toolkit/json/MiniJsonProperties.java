package dev.vitp.toolkit.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * MiniJson reads arbitrary HuggingFace {@code tokenizer.json} files, so it is checked against
 * Jackson (strict RFC 8259 settings) on generated JSON texts: nested objects and arrays, strings
 * with every kind of escape (short, {@code \\u} in either case, surrogate pairs for characters
 * beyond the BMP, {@code \/}) and raw Unicode, integers and decimals with signs and exponents, and
 * JSON whitespace between tokens. Mutants of those texts (a character deleted, inserted, replaced,
 * or the text cut short) must be accepted or refused exactly when Jackson does.
 */
class MiniJsonProperties {
  /** Jackson as a strict reference: longs for integers, one value, no duplicate keys. */
  private static final ObjectMapper JACKSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Pattern ERROR = Pattern.compile(
      "Expected .+ in JSON\\. Received: offset=\\d+, near=\".*\"", Pattern.DOTALL);

  @Property(tries = 500)
  void parsesGeneratedJsonLikeJackson(@ForAll("jsonTexts") String text) {
    assertEquals(ordered(jackson(text).orElseThrow()), ordered(MiniJson.parse(text)), text);
  }

  /** What MiniJson writes it reads back unchanged, and Jackson reads the same. */
  @Property(tries = 300)
  void writtenJsonReadsBackTheSame(@ForAll("jsonTexts") String text) {
    Object value = MiniJson.parse(text);
    String written = MiniJson.write(value);
    assertEquals(ordered(value), ordered(MiniJson.parse(written)), written);
    assertEquals(ordered(value), ordered(jackson(written).orElseThrow()), written);
  }

  @Property(tries = 1000)
  void refusesWhatJacksonRefusesWithAClearError(@ForAll("mutants") String text) {
    Optional<Object> reference = jackson(text);
    if (reference.isPresent()) {
      assertEquals(ordered(reference.get()), ordered(MiniJson.parse(text)), text);
    } else {
      assertRefused(text);
    }
  }

  @Example
  void refusesMalformedJson() {
    for (String text : List.of("", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "01",
        "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity",
        "tru", "nul", "True", "'a'", "\"a", "\"\\x\"", "\"\\u12\"", "\"\\u+123\"", "\"\\u 123\"",
        "\"\t\"", "\"\n\"", "\f1", "\u20031", "1 2", "{\"a\":1,\"a\":2}", "{1:2}", "[1]]")) {
      assertTrue(jackson(text).isEmpty(), "Jackson accepts " + text);
      assertRefused(text);
    }
  }

  @Example
  void errorsNameWhatWasExpectedAndWhere() {
    assertEquals("Expected a value in JSON. Received: offset=3, near=\"]\"",
        assertThrows(VitpException.class, () -> MiniJson.parse("[1,]")).getMessage());
    assertEquals("Expected a digit in JSON. Received: offset=3, near=\"]\"",
        assertThrows(VitpException.class, () -> MiniJson.parse("[1.]")).getMessage());
    assertEquals("Expected end of input in JSON. Received: offset=1, near=\"1\"",
        assertThrows(VitpException.class, () -> MiniJson.parse("01")).getMessage());
    // Jackson reads it as a BigInteger; MiniJson's numbers are longs and doubles.
    assertEquals("Expected an integer of at most 64 bits in JSON. Received: offset=1, "
            + "near=\"99999999999999999999\"",
        assertThrows(VitpException.class, () -> MiniJson.parse("[99999999999999999999]"))
            .getMessage());
    assertEquals("Expected four hex digits in JSON. Received: offset=3, near=\"+123\"\"",
        assertThrows(VitpException.class, () -> MiniJson.parse("\"\\u+123\"")).getMessage());
  }

  @Example
  void readsSurrogatePairsAndWritesThemBack() {
    String text = "[\"\\ud83d\\ude00 \\u00E9\\/\", \"😀é\", -0.5e-3, 12E2, -7]";
    List<?> value = (List<?>) MiniJson.parse(text);
    assertEquals(List.of("😀 é/", "😀é", -0.5e-3, 1200.0, -7L), value);
    assertEquals("[\"😀 é/\",\"😀é\",-5.0E-4,1200.0,-7]", MiniJson.write(value));
  }

  private static void assertRefused(String text) {
    try {
      Object value = MiniJson.parse(text);
      fail("Expected MiniJson to refuse " + text + ". Received: " + value);
    } catch (VitpException e) {
      assertEquals(ErrorCode.USER_ERROR, e.code(), text);
      assertTrue(ERROR.matcher(e.getMessage()).matches(), e.getMessage());
    }
  }

  /** Jackson's reading of {@code text}, or empty when Jackson refuses it. */
  private static Optional<Object> jackson(String text) {
    try {
      // Optional cannot hold null: a JSON null reads as the marker below.
      Object value = JACKSON.readValue(text, Object.class);
      return Optional.of(value == null ? NULL : value);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Maps as lists of [key, value] entries, so that equality also checks key order. */
  private static @Nullable Object ordered(@Nullable Object value) {
    if (value == NULL) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(java.util.Arrays.asList(k, ordered(v))));
      return entries;
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      list.forEach(v -> items.add(ordered(v)));
      return items;
    }
    return value;
  }

  @Provide
  Arbitrary<String> jsonTexts() {
    return Arbitraries.randomValue(random -> {
      StringBuilder b = new StringBuilder();
      space(random, b);
      value(random, b, 0);
      space(random, b);
      return b.toString();
    });
  }

  @Provide
  Arbitrary<String> mutants() {
    return jsonTexts().flatMap(text -> Arbitraries.randomValue(random -> mutate(random, text)));
  }

  // Characters that matter to a JSON reader, plus \f and an em space (Java whitespace, not JSON).
  private static final String MUTATIONS = "{}[],:\"\\ 0123-+.eEtfnux/\n\f\u2003";

  private static String mutate(Random random, String text) {
    StringBuilder b = new StringBuilder(text);
    int at = random.nextInt(text.length() + 1);
    char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
    switch (random.nextInt(4)) {
      case 0 -> b.setLength(at); // cut short
      case 1 -> b.insert(at, c);
      case 2 -> {
        if (at < b.length()) {
          b.deleteCharAt(at);
        }
      }
      default -> {
        if (at < b.length()) {
          b.setCharAt(at, c);
        }
      }
    }
    return b.toString();
  }

  private static void value(Random random, StringBuilder b, int depth) {
    int kind = random.nextInt(depth >= 4 ? 4 : 6);
    switch (kind) {
      case 0 -> string(random, b, randomString(random));
      case 1 -> number(random, b);
      case 2 -> b.append(random.nextBoolean() ? "true" : "false");
      case 3 -> b.append(random.nextInt(3) == 0 ? "null" : "0");
      case 4 -> {
        b.append('[');
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            space(random, b);
            b.append(',');
          }
          space(random, b);
          value(random, b, depth + 1);
          space(random, b);
        }
        space(random, b);
        b.append(']');
      }
      default -> {
        b.append('{');
        Set<String> keys = new LinkedHashSet<>();
        int n = random.nextInt(5);
        while (keys.size() < n) {
          keys.add(randomString(random));
        }
        boolean first = true;
        for (String key : keys) {
          if (!first) {
            b.append(',');
          }
          first = false;
          space(random, b);
          string(random, b, key);
          space(random, b);
          b.append(':');
          space(random, b);
          value(random, b, depth + 1);
          space(random, b);
        }
        space(random, b);
        b.append('}');
      }
    }
  }

  /** Integers within ±10^15 (a mutant's extra digit stays within a long) and decimals. */
  private static void number(Random random, StringBuilder b) {
    if (random.nextBoolean()) {
      b.append(random.nextLong() % 1_000_000_000_000_000L / (1L << random.nextInt(50)));
      return;
    }
    if (random.nextBoolean()) {
      b.append('-');
    }
    b.append(random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000));
    if (random.nextBoolean()) {
      b.append('.');
      int digits = 1 + random.nextInt(6);
      for (int i = 0; i < digits; i++) {
        b.append((char) ('0' + random.nextInt(10)));
      }
    }
    if (random.nextBoolean()) {
      b.append(random.nextBoolean() ? 'e' : 'E');
      b.append(switch (random.nextInt(3)) {
        case 0 -> "";
        case 1 -> "+";
        default -> "-";
      });
      b.append(random.nextInt(40));
    }
  }

  /** Code points from every class a string writer and reader treat differently. */
  private static String randomString(Random random) {
    int[] pool = {'a', 'Z', '7', ' ', '"', '\\', '/', '\n', '\t', '\b', '\f', '\r', 0x00, 0x1f,
        0x7f, 'é', 'ß', '中', 0x2028, 0xfeff, 0xffff, 0x1f600, 0x10000, 0x10ffff};
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      s.appendCodePoint(random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x5f)
          : pool[random.nextInt(pool.length)]);
    }
    return s.toString();
  }

  /** {@code value} as a JSON string literal, each character raw or escaped at random. */
  private static void string(Random random, StringBuilder b, String value) {
    b.append('"');
    value.codePoints().forEach(cp -> {
      String shortEscape = switch (cp) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '/' -> "\\/";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> null;
      };
      boolean mustEscape = cp == '"' || cp == '\\' || cp < 0x20;
      if (!mustEscape && random.nextInt(3) > 0) {
        b.appendCodePoint(cp);
      } else if (shortEscape != null && random.nextBoolean()) {
        b.append(shortEscape);
      } else {
        for (char unit : Character.toChars(cp)) { // a surrogate pair beyond the BMP
          String hex = String.format(Locale.ROOT, "\\u%04x", (int) unit);
          b.append(random.nextBoolean() ? hex : "\\u" + hex.substring(2).toUpperCase(Locale.ROOT));
        }
      }
    });
    b.append('"');
  }

  private static void space(Random random, StringBuilder b) {
    int n = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
    for (int i = 0; i < n; i++) {
      b.append(" \t\n\r".charAt(random.nextInt(4)));
    }
  }
}
