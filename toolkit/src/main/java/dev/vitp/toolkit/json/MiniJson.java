package dev.vitp.toolkit.json;

import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict, small JSON reader and writer (RFC 8259) for safetensors headers, weight specs and
 * HuggingFace {@code tokenizer.json}. Objects become {@code LinkedHashMap<String, Object>}, arrays
 * {@code List<Object>}, numbers {@code Long} (integers) or {@code Double} (with a fraction or an
 * exponent), plus String, Boolean and null. Duplicate keys, nesting deeper than 64 and integers
 * beyond 64 bits are refused. For modules that carry no JSON library.
 */
public final class MiniJson {
  /** Hex digits, lower case first: index 0-15, or 16-21 for A-F (value = index - 6). */
  private static final String HEX = "0123456789abcdefABCDEF";

  private final String text;
  private int pos;

  private MiniJson(String text) {
    this.text = text;
  }

  /** Parses one JSON value; trailing non-space characters are an error. */
  public static @Nullable Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object value = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("end of input");
    }
    return value;
  }

  /** Writes a value built from Map, List, String, Number, Boolean and null. */
  public static String write(@Nullable Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, @Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        writeString(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (value instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, list.get(i));
      }
      b.append(']');
    } else if (value instanceof String s) {
      writeString(b, s);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw VitpException.userError("Expected a finite number for JSON. Received: " + d);
      }
      b.append(d);
    } else if (value instanceof Number || value instanceof Boolean) {
      b.append(value);
    } else if (value == null) {
      b.append("null");
    } else {
      throw VitpException.internal("Cannot write JSON for " + value.getClass().getName());
    }
  }

  private static void writeString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private @Nullable Object value(int depth) {
    if (depth > 64) {
      throw error("nesting of at most 64 levels");
    }
    skipSpace();
    if (pos >= text.length()) {
      throw error("a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, @Nullable Object> object(int depth) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("a string key");
      }
      String key = string();
      skipSpace();
      expect(':');
      Object v = value(depth + 1);
      if (map.containsKey(key)) {
        throw error("unique keys (duplicate \"" + key + "\")");
      }
      map.put(key, v);
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("',' or '}'");
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    List<@Nullable Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            b.append(hexChar());
          }
          default -> throw error("a valid escape");
        }
      } else if (c < 0x20) {
        throw error("no control characters in strings");
      } else {
        b.append(c);
      }
    }
  }

  /** RFC 8259's number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, nothing looser. */
  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++; // a leading zero stands alone: "01" is not a number
    } else if (isDigit(peek())) {
      skipDigits();
    } else {
      pos = start;
      throw error("a value");
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      requireDigits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      requireDigits();
    }
    String s = text.substring(start, pos);
    if (!integral) {
      return Double.parseDouble(s);
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("an integer of at most 64 bits");
    }
  }

  private void requireDigits() {
    if (!isDigit(peek())) {
      throw error("a digit");
    }
    skipDigits();
  }

  private void skipDigits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The four hex digits of a backslash-u escape (no sign, unlike {@link Integer#parseInt}). */
  private char hexChar() {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos + i < text.length() ? HEX.indexOf(text.charAt(pos + i)) : -1;
      if (digit < 0) {
        throw error("four hex digits");
      }
      code = code * 16 + (digit < 16 ? digit : digit - 6);
    }
    pos += 4;
    return (char) code;
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("a value");
    }
    pos += word.length();
    return value;
  }

  /** JSON's four whitespace characters only (Character.isWhitespace also takes \f, U+2003, ...). */
  private void skipSpace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("more input");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("'" + c + "'");
    }
  }

  private VitpException error(String expected) {
    String near = text.substring(pos, Math.min(text.length(), pos + 20));
    return VitpException.userError(
        "Expected " + expected + " in JSON. Received: offset=" + pos + ", near=\"" + near + "\"");
  }
}
