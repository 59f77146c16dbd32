package dev.vitp.spi.data;

import dev.vitp.spi.VitpException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses, validates and rewrites the grounding markup of InternVL answers:
 * {@code <ref>name</ref><box>[[x1,y1,x2,y2],…]</box>} with integer coordinates in [0, 1000].
 */
public final class Grounding {
  private static final String OPEN = "<box>";
  private static final String CLOSE = "</box>";
  private static final Pattern REF_BEFORE = Pattern.compile("<ref>([^<]*)</ref>\\s*$");
  private static final Pattern ONE_BOX = Pattern.compile("\\[([^\\[\\]]*)\\]");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

  private Grounding() {}

  /** Whether the text has any box markup at all (cheap pre-check). */
  public static boolean hasBoxes(String text) {
    return text.contains(OPEN) || text.contains(CLOSE);
  }

  /**
   * All grounding mentions of {@code text}, in order.
   *
   * @throws VitpException USER_ERROR naming the offending markup when a box is malformed, out of
   *     range or unbalanced
   */
  public static List<GroundingRef> parse(String text) {
    List<GroundingRef> out = new ArrayList<>();
    scanSpans(text, (start, end, boxes) -> {
      Matcher m = REF_BEFORE.matcher(text.substring(Math.max(0, start - 512), start));
      out.add(new GroundingRef(m.find() ? m.group(1) : null, boxes));
    });
    return out;
  }

  /** Every box of {@code text}, flattened in order. */
  public static List<BoundingBox> boxes(String text) {
    List<BoundingBox> out = new ArrayList<>();
    for (GroundingRef r : parse(text)) {
      out.addAll(r.boxes());
    }
    return out;
  }

  /**
   * {@code text} with every box replaced by {@code transform(box)}; all other characters are kept
   * as they are. Boxes are re-written in the canonical {@code [[x1,y1,x2,y2],…]} form.
   */
  public static String rewrite(String text, UnaryOperator<BoundingBox> transform) {
    if (!hasBoxes(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int[] last = {0};
    scanSpans(text, (start, end, boxes) -> {
      sb.append(text, last[0], start).append(OPEN).append('[');
      for (int i = 0; i < boxes.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(transform.apply(boxes.get(i)).format());
      }
      sb.append(']').append(CLOSE);
      last[0] = end;
    });
    sb.append(text, last[0], text.length());
    return sb.toString();
  }

  /** {@code <ref>name</ref><box>[[…]]</box>} for several boxes of one referent. */
  public static String format(@Nullable String ref, List<BoundingBox> boxes) {
    return new GroundingRef(ref, boxes).format();
  }

  private interface SpanSink {
    void accept(int start, int end, List<BoundingBox> boxes);
  }

  private static void scanSpans(String text, SpanSink sink) {
    int from = 0;
    while (true) {
      int open = text.indexOf(OPEN, from);
      int close = text.indexOf(CLOSE, from);
      if (open < 0 && close < 0) {
        return;
      }
      if (open < 0 || close < open) {
        throw bad("a '" + CLOSE + "' without a preceding '" + OPEN + "'", excerpt(text, close));
      }
      int end = text.indexOf(CLOSE, open + OPEN.length());
      int nextOpen = text.indexOf(OPEN, open + OPEN.length());
      if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
        throw bad("'" + OPEN + "' closed by '" + CLOSE + "'", excerpt(text, open));
      }
      String inner = text.substring(open + OPEN.length(), end);
      sink.accept(open, end + CLOSE.length(), parseBoxList(inner));
      from = end + CLOSE.length();
    }
  }

  private static List<BoundingBox> parseBoxList(String inner) {
    String s = inner.strip();
    if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
      throw bad("[[x1,y1,x2,y2],…] inside <box>", "<box>" + inner + "</box>");
    }
    String list = s.substring(1, s.length() - 1).strip();
    Matcher m = ONE_BOX.matcher(list);
    List<BoundingBox> boxes = new ArrayList<>();
    int pos = 0;
    while (m.find()) {
      String between = list.substring(pos, m.start()).strip();
      if (!(boxes.isEmpty() ? between.isEmpty() : between.equals(","))) {
        throw bad("[[x1,y1,x2,y2],…] inside <box>", "<box>" + inner + "</box>");
      }
      boxes.add(parseBox(m.group(1), inner));
      pos = m.end();
    }
    if (boxes.isEmpty() || !list.substring(pos).isBlank()) {
      throw bad("[[x1,y1,x2,y2],…] inside <box>", "<box>" + inner + "</box>");
    }
    return boxes;
  }

  private static BoundingBox parseBox(String coords, String inner) {
    String[] parts = coords.split(",", -1);
    if (parts.length != 4) {
      throw bad("4 coordinates per box", "[" + coords + "]");
    }
    int[] v = new int[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i].strip();
      if (!INTEGER.matcher(p).matches()) {
        throw bad("integer box coordinates in [0, 1000]", "[" + coords + "]");
      }
      v[i] = Integer.parseInt(p);
    }
    if (v[0] < 0 || v[1] < 0 || v[2] > BoundingBox.SCALE || v[3] > BoundingBox.SCALE
        || v[0] > v[2] || v[1] > v[3]) {
      throw bad("box coordinates in [0, 1000] with x1<=x2 and y1<=y2", "[" + coords.strip() + "]");
    }
    return new BoundingBox(v[0], v[1], v[2], v[3]);
  }

  private static String excerpt(String text, int at) {
    int a = Math.max(0, at - 20);
    int b = Math.min(text.length(), at + 40);
    return text.substring(a, b);
  }

  private static VitpException bad(String expected, String received) {
    return VitpException.userError("Expected " + expected + ". Received: box=" + received);
  }
}
