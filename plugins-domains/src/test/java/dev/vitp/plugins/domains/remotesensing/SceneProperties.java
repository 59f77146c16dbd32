package dev.vitp.plugins.domains.remotesensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.domains.synth.Polygon;
import dev.vitp.spi.data.BoundingBox;
import dev.vitp.spi.data.Grounding;
import java.util.HashSet;
import java.util.List;
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
    byte[] rgb = SceneRenderer.optical(s, look);
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
          float v = (rgb[3 * p + c] & 0xff) / 255f;
          float tint = c == 0 ? look.tintR() : c == 1 ? look.tintG() : look.tintB();
          float lo = o.rgb()[c] * 0.78f * 0.9f * look.gain() + tint - 0.04f;
          float hi = o.rgb()[c] * look.gain() + tint + 0.04f;
          assertTrue(v >= Math.max(0, lo) - 1e-3 && v <= Math.min(1, hi) + 1e-3,
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

  private static ObjectType type(String plural) {
    for (ObjectType t : ObjectType.values()) {
      if (t.plural().equals(plural)) {
        return t;
      }
    }
    throw new IllegalArgumentException(plural);
  }
}
