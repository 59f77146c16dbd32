package dev.vitp.plugins.domains.synth;

import java.util.List;
import java.util.SplittableRandom;

/** Small helpers for generated questions and answers. */
public final class Phrases {
  private static final String[] NUMBERS = {"no", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve"};

  private Phrases() {}

  @SafeVarargs
  public static <T> T pick(SplittableRandom r, T... options) {
    return options[r.nextInt(options.length)];
  }

  public static <T> T pick(SplittableRandom r, List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  /** "an airplane", "a ship". */
  public static String a(String noun) {
    char c = Character.toLowerCase(noun.charAt(0));
    return ("aeio".indexOf(c) >= 0 ? "an " : "a ") + noun;
  }

  /** "no ships", "one ship", "3 ships" (words up to twelve when {@code words}). */
  public static String count(int n, String singular, String plural, boolean words) {
    String num = words && n < NUMBERS.length ? NUMBERS[n] : Integer.toString(n);
    return num + " " + (n == 1 ? singular : plural);
  }

  /** "a", "a and b", "a, b and c". */
  public static String list(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and "
        + items.get(items.size() - 1);
  }

  public static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Where a point lies in a 3 × 3 grid of the image: "top-left", "center", "bottom" … */
  public static String region(double x, double y, int w, int h) {
    int cx = x < w / 3.0 ? 0 : x < 2 * w / 3.0 ? 1 : 2;
    int cy = y < h / 3.0 ? 0 : y < 2 * h / 3.0 ? 1 : 2;
    String[] v = {"top", "", "bottom"};
    String[] hz = {"left", "", "right"};
    if (cx == 1 && cy == 1) {
      return "center";
    }
    if (cx == 1) {
      return v[cy];
    }
    if (cy == 1) {
      return hz[cx];
    }
    return v[cy] + "-" + hz[cx];
  }

  /** "in the top-left part of the image", "in the center of the image". */
  public static String where(double x, double y, int w, int h) {
    String r = region(x, y, w, h);
    return r.equals("center") ? "in the center of the image" : "in the " + r + " part of the image";
  }
}
