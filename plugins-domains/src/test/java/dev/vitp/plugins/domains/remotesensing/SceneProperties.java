package dev.vitp.plugins.domains.remotesensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.synth.Polygon;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Objects, masks, pixels and answers of generated scenes agree exactly. */
class SceneProperties {
  @Property(tries = 60)
  void objectsOwnExactlyThePixelsTheirBoxesAndMasksDescribe(@ForAll SceneClass cls,
      @ForAll long seed, @ForAll @IntRange(min = 32, max = 96) int size) {
    Scene s = SceneGenerator.generate(cls, size, seed);
    byte[] mask = s.mask();
    SceneRenderer.Look look = SceneRenderer.Look.random(new SplittableRandom(seed));
    float[] rgb = SceneRenderer.linear(s, look);
    Set<Integer> owned = new HashSet<>();
    for (SceneObject o : s.objects()) {
      int minX = size;
      int minY = size;
      int maxX = -1;
      int maxY = -1;
      Polygon obb = new Polygon(new double[] {o.obb()[0], o.obb()[2], o.obb()[4], o.obb()[6]},
          new double[] {o.obb()[1], o.obb()[3], o.obb()[5], o.obb()[7]});
      for (int p : o.pixels()) {
        assertTrue(owned.add(p), "pixels belong to one object");
        int x = p % size;
        int y = p / size;
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
        assertEquals(o.type().mask().id(), mask[p], "mask class under an object");
        assertTrue(obb.contains(x + 0.5, y + 0.5), "pixel centre inside the oriented box");
        for (int c = 0; c < 3; c++) {
          float v = rgb[3 * p + c];
          float lo = o.rgb()[c] * 0.78f * 0.9f;
          float hi = o.rgb()[c];
          assertTrue(v >= lo - 1e-4 && v <= hi + 1e-4,
              o.type() + " pixel has the object's colour: " + v + " not in [" + lo + ", " + hi + "]");
        }
      }
      assertEquals(o.x1(), minX);
      assertEquals(o.y1(), minY);
      assertEquals(o.x2(), maxX + 1);
      assertEquals(o.y2(), maxY + 1);
      assertTrue(o.x1() >= 0 && o.y1() >= 0 && o.x2() <= size && o.y2() <= size);
    }
    for (int i = 0; i < mask.length; i++) {
      if (!owned.contains(i)) {
        assertEquals(s.coverAt(i).id(), mask[i]);
        assertTrue(mask[i] != LandCover.VEHICLE.id(), "vehicles only where objects are");
      }
    }
  }

  private static final Pattern HOW_MANY = Pattern.compile("^(?:How many|Count the|What is the "
      + "number of) (airplanes|ships|vehicles|storage tanks|buildings)");
  private static final Pattern DETECT_ALL = Pattern.compile("^(?:Please detect all|Provide the "
      + "bounding boxes of the|Find the) (airplanes|ships|vehicles|storage tanks|buildings)");

  @Property(tries = 150)
  void answersAreTrueOfTheScene(@ForAll SceneClass cls, @ForAll long seed, @ForAll boolean sar) {
    int size = 64;
    Scene s = SceneGenerator.generate(cls, size, seed);
    List<RsInstructions.QA> qas = RsInstructions.conversation(s, sar, new SplittableRandom(seed));
    assertTrue(!qas.isEmpty() && qas.size() <= 3);
    for (RsInstructions.QA qa : qas) {
      Matcher m = HOW_MANY.matcher(qa.question());
      if (m.find()) {
        int n = s.count(type(m.group(1)));
        String a = qa.answer();
        assertTrue(a.equals(Integer.toString(n)) || a.contains(" " + n + " ")
            || (n == 0 && a.contains(" no ")) || (n == 1 && a.contains(" one ")), qa + " n=" + n);
      }
      m = DETECT_ALL.matcher(qa.question());
      if (m.find()) {
        ObjectType t = type(m.group(1));
        List<BoundingBox> boxes = Grounding.boxes(qa.answer());
        assertEquals(s.count(t), boxes.size());
        for (SceneObject o : s.objects(t)) {
          assertTrue(boxes.contains(o.box(size)));
        }
      }
      if (qa.question().startsWith("What type of scene") || qa.question().startsWith("Classify")) {
        assertTrue(qa.answer().toLowerCase(java.util.Locale.ROOT).contains(cls.label())
            || qa.answer().toLowerCase(java.util.Locale.ROOT).contains(cls.phrase()), qa.toString());
      }
    }
  }

  /** Objects span patches of the nano model (64 px, patch 8): 8 to 32 px on their longer side. */
  @Property(tries = 60)
  void objectsSpanSeveralPatchesAtTheModelInput(@ForAll SceneClass cls, @ForAll long seed) {
    Scene s = SceneGenerator.generate(cls, 64, seed);
    for (SceneObject o : s.objects()) {
      int longer = Math.max(o.x2() - o.x1(), o.y2() - o.y1());
      assertTrue(longer >= 8 && longer <= 32, o.type() + " spans " + longer + " px");
      if (o.type() != ObjectType.VEHICLE) {
        assertTrue(longer >= 10, o.type() + " spans " + longer + " px");
      }
    }
  }

  /**
   * Counts match the objects drawn: objects keep a free pixel between them, so the 8-connected
   * regions of the building mask class are the buildings and tanks, those of the vehicle class
   * the airplanes, ships and vehicles.
   */
  @Property(tries = 80)
  void countsMatchTheConnectedRegionsOfTheMask(@ForAll SceneClass cls, @ForAll long seed) {
    int size = 64;
    Scene s = SceneGenerator.generate(cls, size, seed);
    byte[] mask = s.mask();
    // buildings' ground is BUILDING cover too: count regions of object pixels only
    byte[] objectsOnly = new byte[mask.length];
    for (SceneObject o : s.objects()) {
      for (int p : o.pixels()) {
        objectsOnly[p] = mask[p];
      }
    }
    assertEquals(s.count(ObjectType.BUILDING) + s.count(ObjectType.STORAGE_TANK),
        regions(objectsOnly, size, (byte) LandCover.BUILDING.id()));
    assertEquals(s.count(ObjectType.AIRPLANE) + s.count(ObjectType.SHIP)
        + s.count(ObjectType.VEHICLE), regions(objectsOnly, size, (byte) LandCover.VEHICLE.id()));
  }

  private static int regions(byte[] m, int size, byte v) {
    boolean[] seen = new boolean[m.length];
    int n = 0;
    int[] stack = new int[m.length];
    for (int i = 0; i < m.length; i++) {
      if (m[i] != v || seen[i]) {
        continue;
      }
      n++;
      int top = 0;
      stack[top++] = i;
      seen[i] = true;
      while (top > 0) {
        int p = stack[--top];
        int x = p % size;
        int y = p / size;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx;
            int yy = y + dy;
            int q = yy * size + xx;
            if (xx >= 0 && yy >= 0 && xx < size && yy < size && !seen[q] && m[q] == v) {
              seen[q] = true;
              stack[top++] = q;
            }
          }
        }
      }
    }
    return n;
  }

  /** Every box in a grounding answer lies in 0..1000 and covers the pixels of an object. */
  @Property(tries = 150)
  void groundingBoxesLieInsideTheImageAndCoverTheirObject(@ForAll SceneClass cls,
      @ForAll long seed) {
    int size = 64;
    Scene s = SceneGenerator.generate(cls, size, seed);
    for (RsInstructions.QA qa : RsInstructions.conversation(s, false, new SplittableRandom(seed))) {
      for (BoundingBox b : Grounding.boxes(qa.answer())) {
        boolean covers = false;
        for (SceneObject o : s.objects()) {
          boolean all = true;
          for (int p : o.pixels()) {
            double x = (p % size + 0.5) * 1000.0 / size;
            double y = (p / size + 0.5) * 1000.0 / size;
            all &= x >= b.x1() && x <= b.x2() && y >= b.y1() && y <= b.y2();
          }
          covers |= all;
        }
        assertTrue(covers, qa + " box " + b + " covers no object");
      }
    }
  }

  /**
   * No question fixes its answer: over many scenes, each frequent question gets several answers
   * and none of them most of the time (a text-only model cannot guess it).
   */
  @Property(tries = 3)
  void answersVaryWithTheImageForAFixedQuestion(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Map<String, Integer>> answers = new HashMap<>();
    for (int i = 0; i < 1500; i++) {
      SceneClass cls = SceneClass.values()[r.nextInt(SceneClass.values().length)];
      Scene s = SceneGenerator.generate(cls, 64, r.nextLong());
      for (RsInstructions.QA qa : RsInstructions.conversation(s, false, r)) {
        answers.computeIfAbsent(qa.question(), k -> new HashMap<>()).merge(qa.answer(), 1,
            Integer::sum);
      }
    }
    int checked = 0;
    for (Map.Entry<String, Map<String, Integer>> e : answers.entrySet()) {
      int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (total < 30) {
        continue;
      }
      checked++;
      int top = e.getValue().values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertTrue(e.getValue().size() >= 2 && top <= 0.75 * total,
          e.getKey() + " -> " + e.getValue());
    }
    assertTrue(checked >= 5, "frequent questions checked: " + checked);
  }

  /** Counting questions have spread answers: the most common count is at most half. */
  @Property(tries = 3)
  void countsAreSpreadWithinAClass(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<SceneClass, ObjectType> main = Map.of(SceneClass.RESIDENTIAL, ObjectType.BUILDING,
        SceneClass.INDUSTRIAL, ObjectType.STORAGE_TANK, SceneClass.HARBOR, ObjectType.SHIP,
        SceneClass.HIGHWAY, ObjectType.VEHICLE, SceneClass.AIRPORT, ObjectType.AIRPLANE);
    for (Map.Entry<SceneClass, ObjectType> e : main.entrySet()) {
      Map<Integer, Integer> counts = new HashMap<>();
      int n = 200;
      for (int i = 0; i < n; i++) {
        counts.merge(SceneGenerator.generate(e.getKey(), 64, r.nextLong()).count(e.getValue()), 1,
            Integer::sum);
      }
      int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertTrue(counts.size() >= 3 && top <= 0.5 * n, e + ": " + counts);
    }
  }

  /**
   * The mean colour of an image does not tell its scene class: a nearest-class-mean classifier on
   * mean RGB stays near chance (10 classes).
   */
  @Property(tries = 3)
  void meanColourDoesNotSeparateSceneClasses(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int classes = SceneClass.values().length;
    int train = 30;
    int test = 20;
    double[][] centroid = new double[classes][3];
    double[][][] held = new double[classes][test][];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < train + test; i++) {
        Scene s = SceneGenerator.generate(SceneClass.values()[c], 64, r.nextLong());
        byte[] img = SceneRenderer.optical(s, SceneRenderer.Look.random(r));
        double[] m = new double[3];
        for (int p = 0; p < img.length; p++) {
          m[p % 3] += (img[p] & 0xff) / 255.0 / (img.length / 3);
        }
        if (i < train) {
          for (int k = 0; k < 3; k++) {
            centroid[c][k] += m[k] / train;
          }
        } else {
          held[c][i - train] = m;
        }
      }
    }
    int right = 0;
    for (int c = 0; c < classes; c++) {
      for (double[] m : held[c]) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int k = 0; k < classes; k++) {
          double d = 0;
          for (int j = 0; j < 3; j++) {
            d += (m[j] - centroid[k][j]) * (m[j] - centroid[k][j]);
          }
          if (d < bestD) {
            bestD = d;
            best = k;
          }
        }
        right += best == c ? 1 : 0;
      }
    }
    double acc = right / (double) (classes * test);
    assertTrue(acc <= 0.22, "mean-RGB nearest-class-mean accuracy " + acc + " (chance 0.1)");
  }

  private static ObjectType type(String plural) {
    for (ObjectType t : ObjectType.values()) {
      if (t.plural().equals(plural)) {
        return t;
      }
    }
    throw new IllegalArgumentException(plural);
  }
}
