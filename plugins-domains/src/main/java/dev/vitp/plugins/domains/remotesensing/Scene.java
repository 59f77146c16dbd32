package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.synth.Noise;
import dev.vitp.plugins.domains.synth.Polygon;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A procedural aerial scene: a land-cover map, a per-pixel tone (within-class variation: field,
 * depth, dune) and placed objects that own their pixels. Rendering (optical, SAR), masks, boxes
 * and instruction answers are all derived from this one model, so labels match pixels exactly.
 */
public final class Scene {
  private final SceneClass sceneClass;
  private final int size;
  private final long textureSeed;
  final byte[] cover;
  final float[] tone;
  final int[] owner;
  private final List<SceneObject> objects = new ArrayList<>();

  Scene(SceneClass sceneClass, int size, long textureSeed) {
    this.sceneClass = sceneClass;
    this.size = size;
    this.textureSeed = textureSeed;
    this.cover = new byte[size * size];
    this.tone = new float[size * size];
    this.owner = new int[size * size];
  }

  public SceneClass sceneClass() {
    return sceneClass;
  }

  public int size() {
    return size;
  }

  public long textureSeed() {
    return textureSeed;
  }

  public List<SceneObject> objects() {
    return Collections.unmodifiableList(objects);
  }

  public List<SceneObject> objects(ObjectType type) {
    List<SceneObject> l = new ArrayList<>();
    for (SceneObject o : objects) {
      if (o.type() == type) {
        l.add(o);
      }
    }
    return l;
  }

  public int count(ObjectType type) {
    int n = 0;
    for (SceneObject o : objects) {
      n += o.type() == type ? 1 : 0;
    }
    return n;
  }

  /** The land cover under pixel {@code i} (objects excluded). */
  public LandCover coverAt(int i) {
    return LandCover.of(cover[i]);
  }

  /** The object owning pixel {@code i}, or null. */
  public @org.jspecify.annotations.Nullable SceneObject objectAt(int i) {
    return owner[i] == 0 ? null : objects.get(owner[i] - 1);
  }

  /** The segmentation mask: the object's class where an object is, else the land cover. */
  public byte[] mask() {
    byte[] m = cover.clone();
    for (SceneObject o : objects) {
      byte v = (byte) o.type().mask().id();
      for (int p : o.pixels()) {
        m[p] = v;
      }
    }
    return m;
  }

  /** Fraction of pixels per mask class. */
  public Map<LandCover, Double> fractions() {
    byte[] m = mask();
    int[] n = new int[LandCover.values().length];
    for (byte b : m) {
      n[b]++;
    }
    Map<LandCover, Double> f = new EnumMap<>(LandCover.class);
    for (LandCover c : LandCover.values()) {
      if (n[c.ordinal()] > 0) {
        f.put(c, n[c.ordinal()] / (double) m.length);
      }
    }
    return f;
  }

  // ---- painting ------------------------------------------------------------------------------

  void fill(LandCover c, float t) {
    java.util.Arrays.fill(cover, (byte) c.ordinal());
    java.util.Arrays.fill(tone, t);
  }

  /** Sets {@code c} where a fresh noise map exceeds {@code threshold}; tone = the noise. */
  void noisePatches(LandCover c, long seed, double cells, double threshold,
      Set<LandCover> over) {
    float[] n = Noise.fbm(seed, size, cells, 3);
    for (int i = 0; i < n.length; i++) {
      if (n[i] > threshold && over.contains(LandCover.of(cover[i]))) {
        cover[i] = (byte) c.ordinal();
        tone[i] = n[i];
      }
    }
  }

  /** Sets the tone of every pixel of class {@code c} from a noise map. */
  void toneNoise(LandCover c, long seed, double cells) {
    float[] n = Noise.fbm(seed, size, cells, 3);
    for (int i = 0; i < n.length; i++) {
      if (cover[i] == c.ordinal()) {
        tone[i] = n[i];
      }
    }
  }

  /**
   * A band of width {@code width} along a line through {@code (cx, cy)} at {@code angle},
   * optionally meandering with a sine of amplitude {@code amp} and wavelength {@code wave}.
   */
  void band(LandCover c, float t, double cx, double cy, double angle, double width, double amp,
      double wave, double phase) {
    double cs = Math.cos(angle);
    double sn = Math.sin(angle);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        double u = dx * cs + dy * sn;
        double v = -dx * sn + dy * cs;
        double off = amp == 0 ? 0 : amp * Math.sin(2 * Math.PI * u / wave + phase);
        if (Math.abs(v - off) <= width / 2) {
          int i = y * size + x;
          cover[i] = (byte) c.ordinal();
          tone[i] = t;
        }
      }
    }
  }

  /** Sets {@code c} on the side of the line through {@code (px, py)} that normal {@code (nx, ny)} points to. */
  void halfPlane(LandCover c, float t, double px, double py, double nx, double ny) {
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if ((x + 0.5 - px) * nx + (y + 0.5 - py) * ny > 0) {
          cover[y * size + x] = (byte) c.ordinal();
          tone[y * size + x] = t;
        }
      }
    }
  }

  /**
   * Wind ripples on class {@code c}: tone follows a sine across {@code angle} with the given
   * wavelength, its phase bent by noise.
   */
  void ripples(LandCover c, double angle, double wavelength, long seed) {
    float[] n = Noise.fbm(seed, size, 2, 2);
    double cs = Math.cos(angle);
    double sn = Math.sin(angle);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = y * size + x;
        if (cover[i] == c.ordinal()) {
          double v = -(x + 0.5) * sn + (y + 0.5) * cs + 2.5 * wavelength * n[i];
          tone[i] = (float) (0.5 + 0.4 * Math.sin(2 * Math.PI * v / wavelength));
        }
      }
    }
  }

  /** Fills a polygon. */
  void polygon(LandCover c, float t, Polygon p) {
    double[] b = Polygon.bounds(List.of(p));
    int x0 = Math.max(0, (int) Math.floor(b[0]));
    int y0 = Math.max(0, (int) Math.floor(b[1]));
    int x1 = Math.min(size - 1, (int) Math.ceil(b[2]));
    int y1 = Math.min(size - 1, (int) Math.ceil(b[3]));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (p.contains(x + 0.5, y + 0.5)) {
          cover[y * size + x] = (byte) c.ordinal();
          tone[y * size + x] = t;
        }
      }
    }
  }

  /** An irregular blob: an ellipse whose radius is modulated by noise. */
  void blob(LandCover c, float t, double cx, double cy, double rx, double ry, double rough,
      long seed) {
    float[] n = Noise.fbm(seed, size, 3, 2);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = (x + 0.5 - cx) / rx;
        double dy = (y + 0.5 - cy) / ry;
        int i = y * size + x;
        if (dx * dx + dy * dy < 1 + rough * (n[i] - 0.5)) {
          cover[i] = (byte) c.ordinal();
          tone[i] = t;
        }
      }
    }
  }

  /**
   * A patchwork of fields on a rotated grid: each cell is {@code field} with its own tone, cells
   * separated by one-pixel {@code border} lines.
   */
  void fields(LandCover field, LandCover border, double angle, double cellU, double cellV,
      long seed, Set<LandCover> over) {
    double cs = Math.cos(angle);
    double sn = Math.sin(angle);
    SplittableRandom r = new SplittableRandom(seed);
    double ou = r.nextDouble() * cellU;
    double ov = r.nextDouble() * cellV;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = y * size + x;
        if (!over.contains(LandCover.of(cover[i]))) {
          continue;
        }
        double u = (x + 0.5) * cs + (y + 0.5) * sn + ou + 1000 * cellU;
        double v = -(x + 0.5) * sn + (y + 0.5) * cs + ov + 1000 * cellV;
        long cu = (long) Math.floor(u / cellU);
        long cv = (long) Math.floor(v / cellV);
        double fu = u - cu * cellU;
        double fv = v - cv * cellV;
        if (fu < 1 || fv < 1) {
          cover[i] = (byte) border.ordinal();
          tone[i] = 0.5f;
        } else {
          cover[i] = (byte) field.ordinal();
          long h = dev.vitp.plugins.domains.synth.Seeds.mix(seed ^ (cu * 0x9E3779B97F4A7C15L) ^ (cv * 31));
          tone[i] = (h >>> 40) / (float) (1 << 24);
        }
      }
    }
  }

  // ---- objects -------------------------------------------------------------------------------

  /**
   * Places an object made of {@code parts} if every covered pixel lies inside the image, on an
   * allowed land cover and away from other objects (one free pixel around it). Buildings and
   * storage tanks turn the ground they stand on into {@link LandCover#BUILDING}.
   *
   * @return the object, or null when it does not fit
   */
  @org.jspecify.annotations.Nullable SceneObject tryPlace(ObjectType type, List<Polygon> parts, double angle, double[] obb,
      Set<LandCover> allowed, String color, float[] rgb) {
    double[] b = Polygon.bounds(parts);
    if (b[0] < 0.5 || b[1] < 0.5 || b[2] > size - 0.5 || b[3] > size - 0.5) {
      return null;
    }
    for (int k = 0; k < 8; k += 2) {
      if (obb[k] < 0 || obb[k + 1] < 0 || obb[k] > size || obb[k + 1] > size) {
        return null;
      }
    }
    int x0 = (int) Math.floor(b[0]);
    int y0 = (int) Math.floor(b[1]);
    int xe = Math.min(size - 1, (int) Math.ceil(b[2]));
    int ye = Math.min(size - 1, (int) Math.ceil(b[3]));
    int[] px = new int[(xe - x0 + 1) * (ye - y0 + 1)];
    int n = 0;
    int minX = size;
    int minY = size;
    int maxX = -1;
    int maxY = -1;
    double sx = 0;
    double sy = 0;
    for (int y = y0; y <= ye; y++) {
      for (int x = x0; x <= xe; x++) {
        boolean in = false;
        for (Polygon p : parts) {
          if (p.contains(x + 0.5, y + 0.5)) {
            in = true;
            break;
          }
        }
        if (!in) {
          continue;
        }
        int i = y * size + x;
        if (!allowed.contains(LandCover.of(cover[i])) || nearOther(x, y)) {
          return null;
        }
        px[n++] = i;
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
        sx += x + 0.5;
        sy += y + 0.5;
      }
    }
    if (n < 3) {
      return null;
    }
    int[] pixels = java.util.Arrays.copyOf(px, n);
    SceneObject o = new SceneObject(type, pixels, minX, minY, maxX + 1, maxY + 1, obb, sx / n,
        sy / n, angle, color, rgb);
    objects.add(o);
    int id = objects.size();
    for (int p : pixels) {
      owner[p] = id;
      if (type.mask() == LandCover.BUILDING) {
        cover[p] = (byte) LandCover.BUILDING.ordinal();
      }
    }
    return o;
  }

  private boolean nearOther(int x, int y) {
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = x + dx;
        int yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < size && yy < size && owner[yy * size + xx] != 0) {
          return true;
        }
      }
    }
    return false;
  }

  static Set<LandCover> of(LandCover first, LandCover... rest) {
    return EnumSet.of(first, rest);
  }
}
