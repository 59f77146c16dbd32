package dev.vitp.plugins.domains.remotesensing;

import static dev.vitp.plugins.domains.synth.Phrases.a;
import static dev.vitp.plugins.domains.synth.Phrases.pick;

import dev.vitp.plugins.domains.synth.Phrases;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Questions and answers about a scene, every answer derived from the scene model: scene
 * classification, counting, existence, grounding with boxes, position, relative size, land cover
 * and short captions, each with several phrasings.
 *
 * <p>v2: answers are short and made of what the image decides (a class name, a digit, a region,
 * a box), not of boilerplate that the question already predicts, and no question fixes its
 * answer: the object type asked about is drawn from the types present and absent alike, counts
 * are spread by the generator, position and size questions are asked only where the image
 * decides them. The next-token loss then rewards looking at the image.
 */
public final class RsInstructions {
  /** A question/answer pair. */
  public record QA(String question, String answer) {}

  private enum Task { SCENE, COUNT, EXISTS, GROUNDING, POSITION, SIZE, CAPTION, LAND_COVER, SENSOR }

  private RsInstructions() {}

  /** One or two turns about the scene, without the {@code <image>} placeholder. */
  public static List<QA> conversation(Scene s, boolean sar, SplittableRandom r) {
    int turns = r.nextDouble() < 0.6 ? 1 : 2;
    List<Task> tasks = new ArrayList<>();
    List<QA> out = new ArrayList<>();
    for (int attempt = 0; attempt < 30 && out.size() < turns; attempt++) {
      Task t = pickTask(r, sar);
      if (tasks.contains(t)) {
        continue;
      }
      QA qa = ask(t, s, sar, r);
      if (qa != null) {
        tasks.add(t);
        out.add(qa);
      }
    }
    return out;
  }

  private static Task pickTask(SplittableRandom r, boolean sar) {
    double u = r.nextDouble();
    if (sar && u < 0.03) {
      return Task.SENSOR;
    }
    // Weighted towards what a quarter of the image tokens still shows (VRL keeps 4 of 16 in
    // pretraining): scene class and land cover are spread over the image; counts, positions,
    // sizes and boxes need the whole of it and are the minority. Boxes are also the longest
    // answers (about 25 tokens, half of them brackets and commas), so they stay rare.
    return u < 0.32 ? Task.SCENE : u < 0.50 ? Task.COUNT : u < 0.58 ? Task.EXISTS
        : u < 0.65 ? Task.GROUNDING : u < 0.75 ? Task.POSITION : u < 0.80 ? Task.SIZE
        : u < 0.86 ? Task.CAPTION : Task.LAND_COVER;
  }

  private static String image(boolean sar, SplittableRandom r) {
    return sar ? pick(r, "SAR image", "radar image", "SAR scene")
        : pick(r, "aerial image", "satellite image", "remote sensing image", "image");
  }

  private static @Nullable QA ask(Task t, Scene s, boolean sar, SplittableRandom r) {
    return switch (t) {
      case SCENE -> scene(s, sar, r);
      case COUNT -> count(s, sar, r);
      case EXISTS -> exists(s, sar, r);
      case GROUNDING -> grounding(s, r);
      case POSITION -> position(s, r);
      case SIZE -> size(s, r);
      case CAPTION -> new QA(pick(r, "Describe this " + image(sar, r) + " briefly.",
          "Write a short caption for this " + image(sar, r) + ".",
          "Give a brief description of the scene."), caption(s, sar));
      case LAND_COVER -> landCover(s, r);
      case SENSOR -> new QA(pick(r, "What kind of sensor acquired this image?",
          "Which imaging modality is this?", "Is this an optical or a radar image?"),
          "A synthetic aperture radar (SAR) sensor.");
    };
  }

  private static QA scene(Scene s, boolean sar, SplittableRandom r) {
    SceneClass c = s.sceneClass();
    int form = r.nextInt(4);
    return switch (form) {
      case 0 -> new QA("What type of scene is shown in this " + image(sar, r) + "?", c.label());
      case 1 -> new QA("Classify the scene in this " + image(sar, r) + ".", c.label());
      case 2 -> new QA("Scene category?", c.label());
      default -> new QA("What kind of area does this " + image(sar, r) + " show?", c.phrase());
    };
  }

  /** A type present in the scene or, less often, any type (possibly absent). */
  private static ObjectType someType(Scene s, SplittableRandom r, double presentBias) {
    List<ObjectType> present = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      if (s.count(t) > 0) {
        present.add(t);
      }
    }
    if (!present.isEmpty() && r.nextDouble() < presentBias) {
      return pick(r, present);
    }
    return pick(r, ObjectType.values());
  }

  private static QA count(Scene s, boolean sar, SplittableRandom r) {
    ObjectType t = someType(s, r, 0.9);
    int n = s.count(t);
    String q = pick(r, "How many " + t.plural() + " are in the image?",
        "Count the " + t.plural() + " in this " + image(sar, r) + ".",
        "What is the number of " + t.plural() + " visible?",
        "How many " + t.plural() + " can you see?");
    return new QA(q, Integer.toString(n));
  }

  private static QA exists(Scene s, boolean sar, SplittableRandom r) {
    ObjectType t = someType(s, r, 0.5);
    int n = s.count(t);
    String q = pick(r, "Is there " + a(t.singular()) + " in the image?",
        "Are there any " + t.plural() + " visible?",
        "Does this " + image(sar, r) + " contain " + a(t.singular()) + "?");
    return new QA(q, n == 0 ? "No." : "Yes.");
  }

  private static List<BoundingBox> boxes(List<SceneObject> objects, int size) {
    List<BoundingBox> b = new ArrayList<>();
    objects.stream().sorted(Comparator.comparingInt(SceneObject::y1).thenComparingInt(SceneObject::x1))
        .forEach(o -> b.add(o.box(size)));
    return b;
  }

  private static List<ObjectType> present(Scene s) {
    List<ObjectType> present = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      if (s.count(t) > 0) {
        present.add(t);
      }
    }
    return present;
  }

  private static @Nullable QA grounding(Scene s, SplittableRandom r) {
    List<ObjectType> present = present(s);
    if (present.isEmpty()) {
      return null;
    }
    ObjectType t = pick(r, present);
    List<SceneObject> objs = s.objects(t);
    int size = s.size();
    if (objs.size() == 1) {
      return new QA(pick(r, "Where is the " + t.singular() + "? Answer with a bounding box.",
          "Give the bounding box of the " + t.singular() + "."),
          Grounding.format("the " + t.singular(), List.of(objs.get(0).box(size))));
    }
    if (objs.size() == 2 && r.nextBoolean()) {
      // both boxes still fit the nano model's 48 text tokens
      return new QA(pick(r, "Find the " + t.plural() + ".",
          "Provide the bounding boxes of the " + t.plural() + "."),
          Grounding.format(t.plural(), boxes(objs, size)));
    }
    SceneObject largest = objs.stream().max(Comparator.comparingInt(SceneObject::area)
        .thenComparingInt(SceneObject::y1)).orElseThrow();
    SceneObject smallest = objs.stream().min(Comparator.comparingInt(SceneObject::area)
        .thenComparingInt(SceneObject::y1)).orElseThrow();
    int second = objs.stream().filter(o -> o != largest).mapToInt(SceneObject::area).max().orElse(0);
    int secondSmallest = objs.stream().filter(o -> o != smallest).mapToInt(SceneObject::area).min()
        .orElse(Integer.MAX_VALUE);
    boolean big = r.nextBoolean();
    if (big && largest.area() > second * 1.25) {
      String ref = "the largest " + t.singular();
      return new QA("Box of <ref>" + ref + "</ref>?", Grounding.format(ref,
          List.of(largest.box(size))));
    }
    if (!big && secondSmallest > smallest.area() * 1.25) {
      String ref = "the smallest " + t.singular();
      return new QA("Box of <ref>" + ref + "</ref>?", Grounding.format(ref,
          List.of(smallest.box(size))));
    }
    // the topmost / leftmost one, when it clearly is
    boolean top = r.nextBoolean();
    Comparator<SceneObject> by = top ? Comparator.comparingDouble(SceneObject::cy)
        : Comparator.comparingDouble(SceneObject::cx);
    List<SceneObject> sorted = objs.stream().sorted(by).toList();
    double gap = top ? sorted.get(1).cy() - sorted.get(0).cy() : sorted.get(1).cx() - sorted.get(0).cx();
    if (gap < 0.1 * size) {
      return null;
    }
    String ref = (top ? "the topmost " : "the leftmost ") + t.singular();
    return new QA("Box of <ref>" + ref + "</ref>?", Grounding.format(ref,
        List.of(sorted.get(0).box(size))));
  }

  /** Which part of the image an object is in (3 × 3 regions), for a unique or largest object. */
  private static @Nullable QA position(Scene s, SplittableRandom r) {
    List<ObjectType> present = present(s);
    if (present.isEmpty()) {
      return null;
    }
    ObjectType t = pick(r, present);
    List<SceneObject> objs = s.objects(t);
    int size = s.size();
    if (objs.size() == 1) {
      SceneObject o = objs.get(0);
      return new QA(pick(r, "Where is the " + t.singular() + " located in the image?",
          "In which part of the image is the " + t.singular() + "?"),
          Phrases.region(o.cx(), o.cy(), size, size));
    }
    SceneObject largest = objs.stream().max(Comparator.comparingInt(SceneObject::area)
        .thenComparingInt(SceneObject::y1)).orElseThrow();
    int second = objs.stream().filter(o -> o != largest).mapToInt(SceneObject::area).max().orElse(0);
    if (largest.area() > second * 1.25) {
      return new QA("In which part of the image is the largest " + t.singular() + "?",
          Phrases.region(largest.cx(), largest.cy(), size, size));
    }
    // which half holds more of them
    boolean horizontal = r.nextBoolean();
    int first = 0;
    for (SceneObject o : objs) {
      first += (horizontal ? o.cx() : o.cy()) < size / 2.0 ? 1 : 0;
    }
    int other = objs.size() - first;
    if (first == other) {
      return null;
    }
    return new QA(horizontal ? "Are there more " + t.plural() + " in the left or the right half?"
        : "Are there more " + t.plural() + " in the top or the bottom half?",
        horizontal ? (first > other ? "left" : "right") : (first > other ? "top" : "bottom"));
  }

  /** Relative size of two objects of one type that lie apart. */
  private static @Nullable QA size(Scene s, SplittableRandom r) {
    List<ObjectType> multi = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      if (s.count(t) >= 2) {
        multi.add(t);
      }
    }
    if (multi.isEmpty()) {
      return null;
    }
    ObjectType t = pick(r, multi);
    List<SceneObject> objs = s.objects(t);
    int size = s.size();
    boolean horizontal = r.nextBoolean();
    Comparator<SceneObject> by = horizontal ? Comparator.comparingDouble(SceneObject::cx)
        : Comparator.comparingDouble(SceneObject::cy);
    SceneObject lo = objs.stream().min(by).orElseThrow();
    SceneObject hi = objs.stream().max(by).orElseThrow();
    double apart = horizontal ? hi.cx() - lo.cx() : hi.cy() - lo.cy();
    double ratio = Math.max(lo.area(), hi.area()) / (double) Math.min(lo.area(), hi.area());
    if (apart < 0.25 * size || ratio < 1.2) {
      return null;
    }
    boolean loLarger = lo.area() > hi.area();
    String[] names = horizontal ? new String[] {"leftmost", "rightmost"}
        : new String[] {"topmost", "bottommost"};
    if (r.nextBoolean()) {
      return new QA("Which is larger, the " + names[0] + " or the " + names[1] + " " + t.singular()
          + "?", loLarger ? names[0] : names[1]);
    }
    boolean askLo = r.nextBoolean();
    boolean yes = askLo == loLarger;
    return new QA("Is the " + (askLo ? names[0] : names[1]) + " " + t.singular() + " larger than the "
        + (askLo ? names[1] : names[0]) + " one?", yes ? "Yes." : "No.");
  }

  /**
   * The dominant land cover. (No "is there any water/forest …" yes/no questions: per cover the
   * answer was mostly "no" or mostly "yes", guessable from the question alone.)
   */
  private static QA landCover(Scene s, SplittableRandom r) {
    Map<LandCover, Double> f = s.fractions();
    LandCover dominant = f.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return new QA(pick(r, "What is the dominant land cover in this image?",
        "Which land-cover class covers most of the image?"), dominant.label());
  }

  /** A short caption: the scene class and its object counts ({@code residential: 5 buildings}). */
  public static String caption(Scene s, boolean sar) {
    StringBuilder sb = new StringBuilder(s.sceneClass().label());
    List<String> objs = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      int n = s.count(t);
      if (n > 0) {
        objs.add(Phrases.count(n, t.singular(), t.plural(), false));
      }
    }
    if (!objs.isEmpty()) {
      sb.append(" with ").append(Phrases.list(objs));
    }
    return sb.append('.').toString();
  }
}
