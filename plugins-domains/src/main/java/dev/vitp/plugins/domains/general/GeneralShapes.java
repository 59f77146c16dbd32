package dev.vitp.plugins.domains.general;

import static dev.vitp.plugins.domains.synth.Phrases.a;
import static dev.vitp.plugins.domains.synth.Phrases.capitalize;
import static dev.vitp.plugins.domains.synth.Phrases.pick;

import dev.vitp.plugins.domains.synth.GenerationContext;
import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.plugins.domains.synth.Phrases;
import dev.vitp.plugins.domains.synth.Polygon;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A small general-purpose instruction set mixed into every domain recipe (the paper's
 * preservation of generality): coloured shapes on plain backgrounds with counting, colour, shape,
 * grounding, spatial and caption questions.
 */
public final class GeneralShapes {
  /** The recipe entry name. */
  public static final String DATASET = "general_shapes";

  private record Paint(String name, float r, float g, float b) {}

  private record Shape(String kind, Paint paint, int x1, int y1, int x2, int y2, double cx, double cy) {}

  private static final Paint[] COLORS = {new Paint("red", 0.85f, 0.12f, 0.12f),
    new Paint("green", 0.15f, 0.65f, 0.2f), new Paint("blue", 0.12f, 0.25f, 0.85f),
    new Paint("yellow", 0.95f, 0.85f, 0.1f), new Paint("purple", 0.55f, 0.2f, 0.7f),
    new Paint("orange", 0.95f, 0.55f, 0.1f), new Paint("white", 0.97f, 0.97f, 0.97f),
    new Paint("black", 0.05f, 0.05f, 0.05f)};
  private static final Paint[] BACKGROUNDS = {new Paint("gray", 0.5f, 0.5f, 0.5f),
    new Paint("beige", 0.9f, 0.85f, 0.7f), new Paint("dark blue", 0.1f, 0.12f, 0.3f),
    new Paint("light green", 0.75f, 0.9f, 0.7f)};
  private static final String[] KINDS = {"circle", "square", "triangle", "diamond"};

  private GeneralShapes() {}

  /** Writes the item's image under its root and returns its record. */
  public static InstructionRecord item(GenerationContext.Item item, int size) {
    SplittableRandom r = item.random();
    Paint bg = pick(r, BACKGROUNDS);
    float[] rgb = new float[3 * size * size];
    for (int i = 0; i < size * size; i++) {
      rgb[3 * i] = bg.r;
      rgb[3 * i + 1] = bg.g;
      rgb[3 * i + 2] = bg.b;
    }
    int[] owner = new int[size * size];
    List<Shape> shapes = new ArrayList<>();
    int want = 1 + r.nextInt(6);
    for (int attempt = 0; attempt < 40 * want && shapes.size() < want; attempt++) {
      Paint p = pick(r, COLORS);
      if (Math.abs(p.r - bg.r) + Math.abs(p.g - bg.g) + Math.abs(p.b - bg.b) < 0.5) {
        continue;
      }
      String kind = pick(r, KINDS);
      double rad = Math.max(3, (0.06 + 0.08 * r.nextDouble()) * size);
      double cx = rad + r.nextDouble() * (size - 2 * rad);
      double cy = rad + r.nextDouble() * (size - 2 * rad);
      Polygon poly = switch (kind) {
        case "circle" -> Polygon.circle(cx, cy, rad, 24);
        case "square" -> Polygon.rect(cx, cy, 1.6 * rad, 1.6 * rad, 0);
        case "triangle" -> new Polygon(new double[] {cx, cx + rad, cx - rad},
            new double[] {cy - rad, cy + 0.8 * rad, cy + 0.8 * rad});
        default -> new Polygon(new double[] {cx, cx + rad, cx, cx - rad},
            new double[] {cy - rad, cy, cy + rad, cy});
      };
      Shape s = rasterize(poly, kind, p, owner, shapes.size() + 1, size);
      if (s != null) {
        shapes.add(s);
        for (int y = s.y1; y < s.y2; y++) {
          for (int x = s.x1; x < s.x2; x++) {
            int i = y * size + x;
            if (owner[i] == shapes.size()) {
              rgb[3 * i] = p.r;
              rgb[3 * i + 1] = p.g;
              rgb[3 * i + 2] = p.b;
            }
          }
        }
      }
    }
    byte[] bytes = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      bytes[i] = Images.q8(rgb[i]);
    }
    String rel = "images/" + Images.sharded(item.index()) + ".png";
    Images.writeRgb(item.root().resolve(rel), bytes, size, size);

    List<Turn> turns = new ArrayList<>();
    int k = 1 + r.nextInt(3);
    List<Integer> used = new ArrayList<>();
    for (int attempt = 0; attempt < 20 && turns.size() < 2 * k; attempt++) {
      int task = r.nextInt(8);
      if (used.contains(task)) {
        continue;
      }
      String[] qa = ask(task, shapes, bg, size, r);
      if (qa != null) {
        used.add(task);
        turns.add(new Turn(Role.HUMAN, (turns.isEmpty() ? "<image>\n" : "") + qa[0]));
        turns.add(new Turn(Role.GPT, qa[1]));
      }
    }
    return new InstructionRecord(DATASET + "-" + String.format("%06d", item.index()),
        List.of(rel), turns);
  }

  private static @Nullable Shape rasterize(Polygon poly, String kind, Paint p, int[] owner, int id,
      int size) {
    double[] b = Polygon.bounds(List.of(poly));
    if (b[0] < 0 || b[1] < 0 || b[2] > size || b[3] > size) {
      return null;
    }
    int x0 = (int) Math.floor(b[0]);
    int y0 = (int) Math.floor(b[1]);
    int xe = Math.min(size - 1, (int) Math.ceil(b[2]));
    int ye = Math.min(size - 1, (int) Math.ceil(b[3]));
    List<Integer> px = new ArrayList<>();
    for (int y = y0; y <= ye; y++) {
      for (int x = x0; x <= xe; x++) {
        if (poly.contains(x + 0.5, y + 0.5)) {
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int xx = x + dx;
              int yy = y + dy;
              if (xx >= 0 && yy >= 0 && xx < size && yy < size && owner[yy * size + xx] != 0) {
                return null;
              }
            }
          }
          px.add(y * size + x);
        }
      }
    }
    if (px.size() < 4) {
      return null;
    }
    int minX = size;
    int minY = size;
    int maxX = 0;
    int maxY = 0;
    double sx = 0;
    double sy = 0;
    for (int i : px) {
      owner[i] = id;
      int x = i % size;
      int y = i / size;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
      sx += x + 0.5;
      sy += y + 0.5;
    }
    return new Shape(kind, p, minX, minY, maxX + 1, maxY + 1, sx / px.size(), sy / px.size());
  }

  private static BoundingBox box(Shape s, int size) {
    return BoundingBox.fromPixelEdges(s.x1, s.y1, s.x2, s.y2, size, size);
  }

  private static String plural(String kind) {
    return kind + "s";
  }

  private static String @Nullable [] ask(int task, List<Shape> shapes, Paint bg, int size,
      SplittableRandom r) {
    switch (task) {
      case 0 -> {
        return new String[] {pick(r, "How many shapes are there?", "Count the shapes in the image."),
            Integer.toString(shapes.size())};
      }
      case 1 -> {
        Paint p = pick(r, COLORS);
        long n = shapes.stream().filter(s -> s.paint == p).count();
        return new String[] {"How many " + p.name + " shapes are there?", Long.toString(n)};
      }
      case 2 -> {
        String kind = pick(r, KINDS);
        long n = shapes.stream().filter(s -> s.kind.equals(kind)).count();
        return r.nextBoolean()
            ? new String[] {"How many " + plural(kind) + " are in the image?", Long.toString(n)}
            : new String[] {"Is there " + a(kind) + " in the image?", n > 0 ? "Yes." : "No."};
      }
      case 3 -> {
        Shape s = uniqueKind(shapes, r);
        return s == null ? null : new String[] {"What color is the " + s.kind + "?", s.paint.name};
      }
      case 4 -> {
        return new String[] {"What color is the background?", bg.name};
      }
      case 5 -> {
        if (shapes.isEmpty()) {
          return null;
        }
        String kind = pick(r, shapes).kind;
        List<BoundingBox> boxes = new ArrayList<>();
        shapes.stream().filter(s -> s.kind.equals(kind))
            .sorted(Comparator.comparingInt((Shape s) -> s.y1).thenComparingInt(s -> s.x1))
            .forEach(s -> boxes.add(box(s, size)));
        return new String[] {"Find all " + plural(kind) + " and give their bounding boxes.",
            Grounding.format(plural(kind), boxes)};
      }
      case 6 -> {
        List<String> parts = new ArrayList<>();
        shapes.stream().sorted(Comparator.comparingDouble(Shape::cx))
            .forEach(s -> parts.add(a(s.paint.name + " " + s.kind)));
        String n = Phrases.count(shapes.size(), "shape", "shapes", true);
        return new String[] {pick(r, "Describe the image.", "Write a short caption."),
            capitalize(n) + " on a " + bg.name + " background"
                + (parts.isEmpty() ? "." : ", from left to right: " + Phrases.list(parts) + ".")};
      }
      default -> {
        Shape s = uniqueKind(shapes, r);
        if (s == null) {
          return null;
        }
        return new String[] {"Where is the " + s.kind + "?",
            capitalize(Phrases.where(s.cx, s.cy, size, size).replaceFirst("^in", "it is in")) + "."};
      }
    }
  }

  private static @Nullable Shape uniqueKind(List<Shape> shapes, SplittableRandom r) {
    List<Shape> unique = new ArrayList<>();
    for (Shape s : shapes) {
      if (shapes.stream().filter(o -> o.kind.equals(s.kind)).count() == 1) {
        unique.add(s);
      }
    }
    return unique.isEmpty() ? null : pick(r, unique);
  }
}
