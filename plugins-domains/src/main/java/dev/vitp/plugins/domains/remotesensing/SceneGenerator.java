package dev.vitp.plugins.domains.remotesensing;

import static dev.vitp.plugins.domains.remotesensing.LandCover.AGRICULTURE;
import static dev.vitp.plugins.domains.remotesensing.LandCover.BACKGROUND;
import static dev.vitp.plugins.domains.remotesensing.LandCover.BARREN;
import static dev.vitp.plugins.domains.remotesensing.LandCover.FOREST;
import static dev.vitp.plugins.domains.remotesensing.LandCover.ROAD;
import static dev.vitp.plugins.domains.remotesensing.LandCover.WATER;

import dev.vitp.plugins.domains.synth.Polygon;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Scene} of a class from a seed: ground first, then the class's layout, then
 * objects.
 *
 * <p>v2 ("a domain where the backbone matters"): sizes are in units of {@code size / 64}, so at
 * the 64-pixel input of the nano model with patch 8 an object spans 1.5–4 patches per side
 * (vehicles 9–12 px, buildings and tanks 11–20 px, ships 14–26 px, airplanes 20–28 px). Every
 * class shares the same kind of ground (grass with bare and wooded patches); classes differ by
 * arrangement and shape: a street grid of buildings, a runway with aircraft, a straight quay with
 * moored ships, clustered round tanks, parallel field stripes, a dense crown texture, a compact
 * lake, a meandering river, dual carriageways with traffic, rippled bare ground. Object counts
 * are drawn uniformly over a range per class, so "how many" has no default answer.
 */
public final class SceneGenerator {
  private static final Set<LandCover> LAND = EnumSet.of(BACKGROUND, BARREN, FOREST, AGRICULTURE);
  private static final Set<LandCover> OPEN = EnumSet.of(BACKGROUND, BARREN);

  private record Color(String name, float r, float g, float b) {
    float[] rgb() {
      return new float[] {r, g, b};
    }
  }

  private static final Color[] PLANE = {new Color("white", 0.93f, 0.93f, 0.95f),
    new Color("gray", 0.62f, 0.63f, 0.66f)};
  private static final Color[] SHIP = {new Color("white", 0.88f, 0.88f, 0.88f),
    new Color("gray", 0.56f, 0.57f, 0.59f), new Color("red", 0.66f, 0.20f, 0.17f),
    new Color("black", 0.12f, 0.12f, 0.13f), new Color("blue", 0.22f, 0.32f, 0.62f)};
  private static final Color[] CAR = {new Color("white", 0.92f, 0.92f, 0.92f),
    new Color("black", 0.08f, 0.08f, 0.09f), new Color("red", 0.78f, 0.12f, 0.10f),
    new Color("blue", 0.15f, 0.25f, 0.70f), new Color("silver", 0.74f, 0.74f, 0.76f),
    new Color("yellow", 0.90f, 0.78f, 0.15f)};
  private static final Color[] TANK = {new Color("white", 0.94f, 0.94f, 0.91f),
    new Color("gray", 0.70f, 0.70f, 0.68f), new Color("green", 0.45f, 0.58f, 0.45f)};
  private static final Color[] ROOF = {new Color("gray", 0.56f, 0.56f, 0.57f),
    new Color("red", 0.64f, 0.30f, 0.23f), new Color("brown", 0.47f, 0.35f, 0.27f),
    new Color("white", 0.87f, 0.87f, 0.85f), new Color("blue", 0.33f, 0.45f, 0.62f),
    new Color("black", 0.18f, 0.18f, 0.2f)};

  private SceneGenerator() {}

  public static Scene generate(SceneClass cls, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Scene s = new Scene(cls, size, r.nextLong());
    double S = size;
    double u = S / 64;
    switch (cls) {
      case AIRPORT -> {
        ground(s, r);
        double a = axisAngle(r);
        double nx = -Math.sin(a);
        double ny = Math.cos(a);
        double side = r.nextBoolean() ? 1 : -1;
        double off = side * (0.28 + 0.08 * r.nextDouble()) * S;
        // runway near one edge, a concrete apron filling the other side
        s.band(ROAD, 0.25f, S / 2 + nx * off, S / 2 + ny * off, a, 8 * u, 0, 1, 0);
        s.halfPlane(ROAD, 0.85f, S / 2 + nx * (off - side * 7 * u), S / 2 + ny * (off - side * 7 * u),
            -side * nx, -side * ny);
        int want = 1 + r.nextInt(3);
        placeN(s, r, ObjectType.AIRPLANE, want, EnumSet.of(ROAD), 20 * u, 28 * u, Double.NaN);
        placeN(s, r, ObjectType.VEHICLE, r.nextInt(3), EnumSet.of(ROAD), 8 * u, 10 * u, Double.NaN);
      }
      case BARE_LAND -> {
        s.fill(BARREN, 0.5f);
        s.ripples(BARREN, r.nextDouble() * Math.PI, (5 + 4 * r.nextDouble()) * u, r.nextLong());
        s.noisePatches(BACKGROUND, r.nextLong(), 3, 0.74, EnumSet.of(BARREN));
        int tracks = r.nextInt(3);
        for (int k = 0; k < tracks; k++) {
          s.band(ROAD, 0.55f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
              2.5 * u, 5 * u, 40 * u, r.nextDouble() * 6);
        }
        placeN(s, r, ObjectType.VEHICLE, r.nextInt(2), EnumSet.of(BARREN, ROAD), 8 * u, 11 * u,
            Double.NaN);
      }
      case FARMLAND -> {
        ground(s, r);
        double a = r.nextDouble() * Math.PI;
        s.fields(AGRICULTURE, BACKGROUND, a, (40 + 30 * r.nextDouble()) * u,
            (8 + 6 * r.nextDouble()) * u, r.nextLong(), EnumSet.of(BACKGROUND, BARREN));
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.3f, r.nextDouble() * S, r.nextDouble() * S, a, 4 * u, 0, 1, 0);
        }
        placeN(s, r, ObjectType.BUILDING, r.nextInt(3), LAND, 12 * u, 16 * u, a);
      }
      case FOREST -> {
        s.fill(FOREST, 0.5f);
        s.toneNoise(FOREST, r.nextLong(), 6);
        s.noisePatches(BACKGROUND, r.nextLong(), 3, 0.7, EnumSet.of(FOREST));
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.55f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
              3 * u, 6 * u, 60 * u, r.nextDouble() * 6);
        }
        placeN(s, r, ObjectType.BUILDING, r.nextInt(2), EnumSet.of(BACKGROUND), 11 * u, 14 * u,
            Double.NaN);
      }
      case HARBOR -> {
        ground(s, r);
        double a = axisAngle(r) + (r.nextBoolean() ? 0 : Math.PI);
        double nx = Math.cos(a);
        double ny = Math.sin(a);
        double c = (r.nextDouble() - 0.5) * 0.2 * S;
        // water where the distance along the normal is below c: a straight quay line
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double d = (x + 0.5 - S / 2) * nx + (y + 0.5 - S / 2) * ny;
            int i = y * size + x;
            if (d < c) {
              s.cover[i] = (byte) WATER.ordinal();
              s.tone[i] = (float) Math.min(1, (c - d) / (0.5 * S));
            } else if (d < c + 6 * u) {
              s.cover[i] = (byte) ROAD.ordinal();
              s.tone[i] = 0.8f;
            }
          }
        }
        // ships moored side by side along the quay, parallel to it
        int want = 1 + r.nextInt(4);
        double along = a + Math.PI / 2;
        placeN(s, r, ObjectType.SHIP, want, EnumSet.of(WATER), 14 * u, 24 * u, along,
            c - 5 * u, nx, ny);
        placeN(s, r, ObjectType.STORAGE_TANK, r.nextInt(2), OPEN, 11 * u, 14 * u, Double.NaN);
      }
      case INDUSTRIAL -> {
        ground(s, r);
        s.blob(ROAD, 0.7f, S / 2, S / 2, 0.6 * S, 0.6 * S, 0.5, r.nextLong());
        s.noisePatches(BARREN, r.nextLong(), 3, 0.62, EnumSet.of(ROAD));
        // a cluster of round tanks on a grid
        int want = 1 + r.nextInt(5);
        placeGrid(s, r, ObjectType.STORAGE_TANK, want, EnumSet.of(ROAD, BARREN, BACKGROUND),
            12 * u, 18 * u, 0);
        placeN(s, r, ObjectType.BUILDING, r.nextInt(3), EnumSet.of(ROAD, BARREN, BACKGROUND),
            18 * u, 26 * u, axisAngle(r));
        placeN(s, r, ObjectType.VEHICLE, r.nextInt(3), EnumSet.of(ROAD), 8 * u, 10 * u, Double.NaN);
      }
      case LAKE -> {
        ground(s, r);
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        s.blob(WATER, 0.5f, cx, cy, (0.22 + 0.12 * r.nextDouble()) * S,
            (0.22 + 0.12 * r.nextDouble()) * S, 0.6, r.nextLong());
        s.toneNoise(WATER, r.nextLong(), 2);
        placeN(s, r, ObjectType.SHIP, r.nextInt(3), EnumSet.of(WATER), 13 * u, 17 * u, Double.NaN);
      }
      case RESIDENTIAL -> {
        ground(s, r);
        double a = r.nextDouble() < 0.5 ? 0 : (r.nextDouble() - 0.5) * 0.5;
        double spacing = (21 + 3 * r.nextDouble()) * u;
        double ox = r.nextDouble() * spacing;
        double oy = r.nextDouble() * spacing;
        double cs = Math.cos(a);
        double sn = Math.sin(a);
        for (int k = -3; k <= 3; k++) {
          double d = k * spacing;
          s.band(ROAD, 0.3f, S / 2 + cs * (d + ox) - sn * oy, S / 2 + sn * (d + ox) + cs * oy,
              a + Math.PI / 2, 4 * u, 0, 1, 0);
          s.band(ROAD, 0.3f, S / 2 - sn * (d + oy) + cs * ox, S / 2 + cs * (d + oy) + sn * ox, a,
              4 * u, 0, 1, 0);
        }
        // one house per block, in a random subset of the blocks
        int want = 2 + r.nextInt(8);
        java.util.List<double[]> blocks = new java.util.ArrayList<>();
        for (int i = -3; i <= 3; i++) {
          for (int j = -3; j <= 3; j++) {
            double bu = (i + 0.5) * spacing + ox;
            double bv = (j + 0.5) * spacing + oy;
            double bx = S / 2 + cs * bu - sn * bv;
            double by = S / 2 + sn * bu + cs * bv;
            if (bx > 0 && by > 0 && bx < S && by < S) {
              blocks.add(new double[] {bx, by});
            }
          }
        }
        shuffle(blocks, r);
        int placed = 0;
        for (double[] b : blocks) {
          if (placed >= want) {
            break;
          }
          for (int attempt = 0; attempt < 4; attempt++) {
            double len = (11 + 5 * r.nextDouble()) * u;
            double jx = (r.nextDouble() - 0.5) * 2 * u;
            double jy = (r.nextDouble() - 0.5) * 2 * u;
            if (tryShape(s, r, ObjectType.BUILDING, b[0] + jx, b[1] + jy, len,
                a + (r.nextBoolean() ? 0 : Math.PI / 2), LAND) != null) {
              placed++;
              break;
            }
          }
        }
        placeN(s, r, ObjectType.VEHICLE, r.nextInt(3), EnumSet.of(ROAD), 8 * u, 10 * u, Double.NaN);
      }
      case RIVER -> {
        ground(s, r);
        double a = r.nextDouble() * Math.PI;
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        s.band(WATER, 0.5f, cx, cy, a, (10 + 5 * r.nextDouble()) * u, (6 + 4 * r.nextDouble()) * u,
            (45 + 25 * r.nextDouble()) * u, r.nextDouble() * 6);
        s.toneNoise(WATER, r.nextLong(), 2);
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.3f, cx, cy, a + Math.PI / 2, 4 * u, 0, 1, 0);
        }
        placeN(s, r, ObjectType.SHIP, r.nextInt(2), EnumSet.of(WATER), 13 * u, 16 * u, a);
      }
      case HIGHWAY -> {
        ground(s, r);
        double a = r.nextDouble() * Math.PI;
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        double nx = -Math.sin(a);
        double ny = Math.cos(a);
        double lane = 8 * u;
        s.band(ROAD, 0.2f, cx + nx * 5.5 * u, cy + ny * 5.5 * u, a, lane, 0, 1, 0);
        s.band(ROAD, 0.2f, cx - nx * 5.5 * u, cy - ny * 5.5 * u, a, lane, 0, 1, 0);
        if (r.nextDouble() < 0.3) {
          s.band(ROAD, 0.3f, cx, cy, a + Math.PI / 2 + (r.nextDouble() - 0.5), 4 * u, 0, 1, 0);
        }
        // traffic in the lanes, heading along the road
        int want = 1 + r.nextInt(6);
        placeN(s, r, ObjectType.VEHICLE, want, EnumSet.of(ROAD), 9 * u, 12 * u, a);
      }
      default -> throw new IllegalStateException("unhandled scene class " + cls);
    }
    return s;
  }

  /** Grass with bare and wooded patches: the same for every class, so it does not tell them apart. */
  private static void ground(Scene s, SplittableRandom r) {
    s.fill(BACKGROUND, 0.5f);
    s.toneNoise(BACKGROUND, r.nextLong(), 3);
    if (r.nextDouble() < 0.6) {
      s.noisePatches(BARREN, r.nextLong(), 3, 0.6 + 0.1 * r.nextDouble(), EnumSet.of(BACKGROUND));
    }
    if (r.nextDouble() < 0.5) {
      s.noisePatches(FOREST, r.nextLong(), 4, 0.66 + 0.08 * r.nextDouble(), EnumSet.of(BACKGROUND));
    }
  }

  /** An angle close to an image axis (most man-made layouts are), sometimes oblique. */
  private static double axisAngle(SplittableRandom r) {
    double base = r.nextInt(4) * Math.PI / 2;
    return base + (r.nextDouble() < 0.7 ? 0 : (r.nextDouble() - 0.5) * 0.8);
  }

  private static <T> void shuffle(List<T> l, SplittableRandom r) {
    for (int i = l.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = l.get(i);
      l.set(i, l.get(j));
      l.set(j, t);
    }
  }

  /**
   * Places up to {@code n} objects at random positions (length uniform in [min, max] pixels;
   * heading {@code angle}, or random when NaN, flipped at random); attempts that do not fit are
   * dropped.
   */
  private static int placeN(Scene s, SplittableRandom r, ObjectType t, int n, Set<LandCover> on,
      double minLen, double maxLen, double angle) {
    int placed = 0;
    double S = s.size();
    for (int attempt = 0; attempt < 80 * n && placed < n; attempt++) {
      double len = minLen + (maxLen - minLen) * r.nextDouble();
      double cx = len / 2 + r.nextDouble() * (S - len);
      double cy = len / 2 + r.nextDouble() * (S - len);
      double a = Double.isNaN(angle) ? r.nextDouble() * 2 * Math.PI
          : angle + (r.nextBoolean() ? 0 : Math.PI);
      if (tryShape(s, r, t, cx, cy, len, a, on) != null) {
        placed++;
      }
    }
    return placed;
  }

  /**
   * Places up to {@code n} objects along a line ({@code d = c} along normal {@code (nx, ny)}
   * through the image centre), each parallel to it: ships along a quay.
   */
  private static int placeN(Scene s, SplittableRandom r, ObjectType t, int n, Set<LandCover> on,
      double minLen, double maxLen, double angle, double c, double nx, double ny) {
    int placed = 0;
    double S = s.size();
    for (int attempt = 0; attempt < 80 * n && placed < n; attempt++) {
      double len = minLen + (maxLen - minLen) * r.nextDouble();
      double w = 0.24 * len;
      double along = (r.nextDouble() - 0.5) * S;
      double depth = c - w / 2 - 1 - r.nextDouble() * 2 * (S / 64) - (r.nextDouble() < 0.3
          ? r.nextDouble() * 0.2 * S : 0);
      double cx = S / 2 + nx * depth - ny * along;
      double cy = S / 2 + ny * depth + nx * along;
      if (tryShape(s, r, t, cx, cy, len, angle + (r.nextBoolean() ? 0 : Math.PI), on) != null) {
        placed++;
      }
    }
    return placed;
  }

  /** Up to {@code n} objects on a jittered grid of cells one object apart (tank farms). */
  private static int placeGrid(Scene s, SplittableRandom r, ObjectType t, int n, Set<LandCover> on,
      double minLen, double maxLen, double angle) {
    double S = s.size();
    double cell = maxLen + 2 * S / 64;
    int cols = Math.max(1, (int) (S / cell));
    List<double[]> cells = new java.util.ArrayList<>();
    double ox = (S - cols * cell) * r.nextDouble();
    double oy = (S - cols * cell) * r.nextDouble();
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < cols; j++) {
        cells.add(new double[] {ox + (i + 0.5) * cell, oy + (j + 0.5) * cell});
      }
    }
    shuffle(cells, r);
    int placed = 0;
    double len = minLen + (maxLen - minLen) * r.nextDouble(); // a farm's tanks share one size class
    for (double[] c : cells) {
      if (placed >= n) {
        break;
      }
      double l = len * (0.85 + 0.3 * r.nextDouble());
      l = Math.min(l, maxLen);
      if (tryShape(s, r, t, c[0] + (r.nextDouble() - 0.5) * 2, c[1] + (r.nextDouble() - 0.5) * 2, l,
          angle, on) != null) {
        placed++;
      }
    }
    return placed;
  }

  /**
   * An object of length {@code len} (pixels; the diameter of a tank) centred at {@code (cx, cy)}
   * with heading {@code a}, or null if it does not fit.
   */
  private static @Nullable SceneObject tryShape(Scene s, SplittableRandom r, ObjectType t, double cx,
      double cy, double len, double a, Set<LandCover> on) {
    List<Polygon> parts;
    double[] u;
    double[] v;
    Color color;
    switch (t) {
      case AIRPLANE -> {
        double w = len * 0.9;
        parts = List.of(
            Polygon.local(cx, cy, a, new double[] {-0.5 * len, 0.38 * len, 0.5 * len, 0.38 * len, -0.5 * len},
                new double[] {-0.07 * len, -0.07 * len, 0, 0.07 * len, 0.07 * len}),
            Polygon.local(cx, cy, a, new double[] {0.14 * len, -0.02 * len, -0.14 * len, -0.14 * len, -0.02 * len, 0.14 * len},
                new double[] {-0.05 * len, -w / 2, -w / 2, w / 2, w / 2, 0.05 * len}),
            Polygon.local(cx, cy, a, new double[] {-0.36 * len, -0.5 * len, -0.5 * len, -0.36 * len},
                new double[] {-0.06 * len, -0.2 * len, 0.2 * len, 0.06 * len}));
        u = new double[] {-0.5 * len, 0.5 * len};
        v = new double[] {-w / 2, w / 2};
        color = PLANE[r.nextInt(PLANE.length)];
      }
      case SHIP -> {
        double w = 0.26 * len;
        parts = List.of(Polygon.local(cx, cy, a,
            new double[] {0.5 * len, 0.28 * len, -0.5 * len, -0.5 * len, 0.28 * len},
            new double[] {0, -w / 2, -w / 2, w / 2, w / 2}));
        u = new double[] {-0.5 * len, 0.5 * len};
        v = new double[] {-w / 2, w / 2};
        color = SHIP[r.nextInt(SHIP.length)];
      }
      case VEHICLE -> {
        double w = 0.5 * len;
        parts = List.of(Polygon.rect(cx, cy, len, w, a));
        u = new double[] {-0.5 * len, 0.5 * len};
        v = new double[] {-w / 2, w / 2};
        color = CAR[r.nextInt(CAR.length)];
      }
      case STORAGE_TANK -> {
        double rad = len / 2;
        parts = List.of(Polygon.circle(cx, cy, rad, 24));
        u = new double[] {-rad, rad};
        v = new double[] {-rad, rad};
        a = 0;
        color = TANK[r.nextInt(TANK.length)];
      }
      case BUILDING -> {
        double w = len * (0.6 + 0.4 * r.nextDouble());
        parts = List.of(Polygon.rect(cx, cy, len, w, a));
        u = new double[] {-0.5 * len, 0.5 * len};
        v = new double[] {-w / 2, w / 2};
        color = ROOF[r.nextInt(ROOF.length)];
      }
      default -> throw new IllegalStateException("unhandled object type " + t);
    }
    Polygon box = Polygon.local(cx, cy, a, new double[] {u[0], u[1], u[1], u[0]},
        new double[] {v[0], v[0], v[1], v[1]});
    double[] obb = new double[8];
    for (int k = 0; k < 4; k++) {
      obb[2 * k] = box.xs()[k];
      obb[2 * k + 1] = box.ys()[k];
    }
    return s.tryPlace(t, parts, a, obb, on, color.name(), color.rgb());
  }

  /**
   * Adds up to {@code n} buildings (11–17 units of size/64) on open land (background, barren,
   * forest, farmland) or paved ground: the construction between the two dates of a change pair. Returns how many
   * fit.
   */
  public static int addBuildings(Scene s, SplittableRandom r, int n) {
    double u = s.size() / 64.0;
    Set<LandCover> on = EnumSet.copyOf(LAND);
    on.add(ROAD); // paved lots are built on too
    return placeN(s, r, ObjectType.BUILDING, n, on, 11 * u, 17 * u, axisAngle(r));
  }
}
