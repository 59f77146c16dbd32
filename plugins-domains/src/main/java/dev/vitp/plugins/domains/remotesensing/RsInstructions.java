package dev.vitp.plugins.domains.remotesensing;

import static dev.vitp.plugins.domains.synth.Phrases.a;
import static dev.vitp.plugins.domains.synth.Phrases.capitalize;
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
 * classification, counting, existence, grounding with boxes, captions, spatial relations and land
 * cover, each with several phrasings.
 */
public final class RsInstructions {
  /** A question/answer pair. */
  public record QA(String question, String answer) {}

  private enum Task { SCENE, COUNT, EXISTS, GROUNDING, CAPTION, SPATIAL, LAND_COVER, SENSOR }

  private RsInstructions() {}

  /** One to three turns about the scene, without the {@code <image>} placeholder. */
  public static List<QA> conversation(Scene s, boolean sar, SplittableRandom r) {
    int turns = 1 + r.nextInt(3);
    List<Task> tasks = new ArrayList<>();
    List<QA> out = new ArrayList<>();
    for (int attempt = 0; attempt < 20 && out.size() < turns; attempt++) {
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
    if (sar && u < 0.05) {
      return Task.SENSOR;
    }
    return u < 0.2 ? Task.SCENE : u < 0.38 ? Task.COUNT : u < 0.52 ? Task.EXISTS
        : u < 0.72 ? Task.GROUNDING : u < 0.82 ? Task.CAPTION : u < 0.93 ? Task.SPATIAL
        : Task.LAND_COVER;
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
      case CAPTION -> new QA(pick(r, "Describe this " + image(sar, r) + " briefly.",
          "Write a short caption for this " + image(sar, r) + ".",
          "What does this " + image(sar, r) + " show?", "Give a brief description of the scene."),
          caption(s, sar));
      case SPATIAL -> spatial(s, r);
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
      case 0 -> new QA("What type of scene is shown in this " + image(sar, r) + "?",
          capitalize(c.phrase()) + ".");
      case 1 -> new QA("Classify the scene in this " + image(sar, r) + ".", c.label());
      case 2 -> {
        StringBuilder q = new StringBuilder("Which scene category best describes this image? "
            + "Answer with one of: ");
        List<String> labels = new ArrayList<>();
        for (SceneClass k : SceneClass.values()) {
          labels.add(k.label());
        }
        q.append(String.join(", ", labels)).append('.');
        yield new QA(q.toString(), c.label());
      }
      default -> new QA("What kind of area does this " + image(sar, r) + " show?",
          "It shows " + c.phrase() + ".");
    };
  }

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
    ObjectType t = someType(s, r, 0.8);
    int n = s.count(t);
    String q = pick(r, "How many " + t.plural() + " are in the image?",
        "Count the " + t.plural() + " in this " + image(sar, r) + ".",
        "What is the number of " + t.plural() + " visible?",
        "How many " + t.plural() + " can you see?");
    String ans = r.nextBoolean() ? Integer.toString(n)
        : n == 0 ? "There are no " + t.plural() + "."
        : n == 1 ? "There is one " + t.singular() + "."
        : "There are " + n + " " + t.plural() + ".";
    return new QA(q, ans);
  }

  private static QA exists(Scene s, boolean sar, SplittableRandom r) {
    ObjectType t = someType(s, r, 0.5);
    int n = s.count(t);
    String q = pick(r, "Is there " + a(t.singular()) + " in the image?",
        "Are there any " + t.plural() + " visible?",
        "Does this " + image(sar, r) + " contain " + a(t.singular()) + "?");
    String ans = n == 0 ? pick(r, "No.", "No, there is none.")
        : pick(r, "Yes.", n == 1 ? "Yes, there is one." : "Yes, there are " + n + ".");
    return new QA(q, ans);
  }

  private static List<BoundingBox> boxes(List<SceneObject> objects, int size) {
    List<BoundingBox> b = new ArrayList<>();
    objects.stream().sorted(Comparator.comparingInt(SceneObject::y1).thenComparingInt(SceneObject::x1))
        .forEach(o -> b.add(o.box(size)));
    return b;
  }

  private static @Nullable QA grounding(Scene s, SplittableRandom r) {
    List<ObjectType> present = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      if (s.count(t) > 0) {
        present.add(t);
      }
    }
    if (present.isEmpty()) {
      return null;
    }
    ObjectType t = pick(r, present);
    List<SceneObject> objs = s.objects(t);
    int size = s.size();
    if (objs.size() > 1 && r.nextDouble() < 0.3) {
      SceneObject largest = objs.stream().max(Comparator.comparingInt(SceneObject::area)
          .thenComparingInt(SceneObject::y1)).orElseThrow();
      int second = objs.stream().filter(o -> o != largest).mapToInt(SceneObject::area).max().orElse(0);
      if (largest.area() > second * 1.2) {
        String ref = "the largest " + t.singular();
        return new QA("Please provide the bounding box coordinate of the region this sentence "
            + "describes: <ref>" + ref + "</ref>", Grounding.format(ref, List.of(largest.box(size))));
      }
    }
    SceneObject unique = uniqueByColor(s, objs, r);
    if (unique != null && r.nextDouble() < 0.3) {
      String ref = "the " + unique.color() + " " + t.singular();
      return new QA("Where is " + ref + "? Answer with a bounding box.",
          Grounding.format(ref, List.of(unique.box(size))));
    }
    String q = pick(r, "Please detect all " + t.plural() + " in the image.",
        "Locate every " + t.singular() + " and give its bounding box.",
        "Provide the bounding boxes of the " + t.plural() + ".",
        "Find the " + t.plural() + " in this image.");
    return new QA(q, Grounding.format(t.plural(), boxes(objs, size)));
  }

  private static @Nullable SceneObject uniqueByColor(Scene s, List<SceneObject> objs, SplittableRandom r) {
    List<SceneObject> unique = new ArrayList<>();
    for (SceneObject o : objs) {
      long same = objs.stream().filter(p -> p.color().equals(o.color())).count();
      if (same == 1) {
        unique.add(o);
      }
    }
    return unique.isEmpty() ? null : pick(r, unique);
  }

  private static @Nullable QA spatial(Scene s, SplittableRandom r) {
    List<SceneObject> objs = s.objects();
    int size = s.size();
    if (objs.isEmpty()) {
      return null;
    }
    List<ObjectType> single = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      if (s.count(t) == 1) {
        single.add(t);
      }
    }
    if (single.size() >= 2 && r.nextBoolean()) {
      ObjectType ta = pick(r, single);
      ObjectType tb;
      do {
        tb = pick(r, single);
      } while (tb == ta);
      SceneObject oa = s.objects(ta).get(0);
      SceneObject ob = s.objects(tb).get(0);
      double dx = oa.cx() - ob.cx();
      double dy = oa.cy() - ob.cy();
      if (Math.abs(dx) > 0.1 * size && (Math.abs(dx) >= Math.abs(dy) || Math.abs(dy) <= 0.1 * size)) {
        boolean askLeft = r.nextBoolean();
        boolean yes = askLeft ? dx < 0 : dx > 0;
        return new QA("Is the " + ta.singular() + " to the " + (askLeft ? "left" : "right")
            + " of the " + tb.singular() + "?", yes ? "Yes." : "No.");
      }
      if (Math.abs(dy) > 0.1 * size) {
        boolean askAbove = r.nextBoolean();
        boolean yes = askAbove ? dy < 0 : dy > 0;
        return new QA("Is the " + ta.singular() + " " + (askAbove ? "above" : "below")
            + " the " + tb.singular() + " in the image?", yes ? "Yes." : "No.");
      }
    }
    if (!single.isEmpty()) {
      ObjectType t = pick(r, single);
      SceneObject o = s.objects(t).get(0);
      return new QA(pick(r, "Where is the " + t.singular() + " located in the image?",
          "In which part of the image is the " + t.singular() + "?"),
          capitalize(Phrases.where(o.cx(), o.cy(), size, size).replaceFirst("^in", "it is in")) + ".");
    }
    ObjectType t = pick(r, objs).type();
    List<SceneObject> of = s.objects(t);
    SceneObject top = of.stream().min(Comparator.comparingDouble(SceneObject::cy)).orElseThrow();
    double second = of.stream().filter(o -> o != top).mapToDouble(SceneObject::cy).min().orElse(1e9);
    if (second - top.cy() < 0.08 * size) {
      return null;
    }
    String ref = "the topmost " + t.singular();
    return new QA("Which " + t.singular() + " is closest to the top of the image? Give its box.",
        Grounding.format(ref, List.of(top.box(size))));
  }

  private static @Nullable QA landCover(Scene s, SplittableRandom r) {
    Map<LandCover, Double> f = s.fractions();
    LandCover dominant = f.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    if (r.nextBoolean()) {
      return new QA(pick(r, "What is the dominant land cover in this image?",
          "Which land-cover class covers most of the image?"), dominant.label());
    }
    LandCover c = pick(r, LandCover.WATER, LandCover.FOREST, LandCover.AGRICULTURE,
        LandCover.ROAD, LandCover.BARREN);
    double frac = f.getOrDefault(c, 0.0);
    String name = c == LandCover.AGRICULTURE ? "farmland" : c == LandCover.BARREN ? "bare soil"
        : c == LandCover.ROAD ? "road or paved surface" : c.label();
    if (frac > 0 && frac < 0.02) {
      return null; // too little to answer either way
    }
    return new QA("Is there any " + name + " in this image?", frac > 0
        ? "Yes, about " + percent(frac) + " of the image." : "No.");
  }

  private static String percent(double f) {
    return Math.max(5, (int) Math.round(f * 20) * 5) + "%";
  }

  /** A caption listing the scene class, main land covers and objects. */
  public static String caption(Scene s, boolean sar) {
    StringBuilder sb = new StringBuilder();
    sb.append(sar ? "A SAR image of " : "An aerial image of ").append(s.sceneClass().phrase())
        .append('.');
    List<Map.Entry<LandCover, Double>> covers = new ArrayList<>(s.fractions().entrySet());
    covers.removeIf(e -> e.getKey() == LandCover.VEHICLE || e.getValue() < 0.1);
    covers.sort(Map.Entry.<LandCover, Double>comparingByValue().reversed());
    if (!covers.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<LandCover, Double> e : covers.subList(0, Math.min(3, covers.size()))) {
        parts.add(e.getKey().label() + " (" + percent(e.getValue()) + ")");
      }
      sb.append(" Main land cover: ").append(Phrases.list(parts)).append('.');
    }
    List<String> objs = new ArrayList<>();
    for (ObjectType t : ObjectType.values()) {
      int n = s.count(t);
      if (n > 0) {
        objs.add(Phrases.count(n, t.singular(), t.plural(), true));
      }
    }
    if (!objs.isEmpty()) {
      sb.append(" The image contains ").append(Phrases.list(objs)).append('.');
    }
    return sb.toString();
  }
}
