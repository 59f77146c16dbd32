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

/** Builds a {@link Scene} of a class from a seed: layout first, then objects. */
public final class SceneGenerator {
  private static final Set<LandCover> LAND = EnumSet.of(BACKGROUND, BARREN, FOREST, AGRICULTURE);

  private record Color(String name, float r, float g, float b) {
    float[] rgb() {
      return new float[] {r, g, b};
    }
  }

  private static final Color[] PLANE = {new Color("white", 0.93f, 0.93f, 0.95f),
    new Color("gray", 0.74f, 0.75f, 0.77f)};
  private static final Color[] SHIP = {new Color("white", 0.88f, 0.88f, 0.88f),
    new Color("gray", 0.56f, 0.57f, 0.59f), new Color("red", 0.66f, 0.20f, 0.17f),
    new Color("black", 0.12f, 0.12f, 0.13f), new Color("blue", 0.22f, 0.32f, 0.62f)};
  private static final Color[] CAR = {new Color("white", 0.92f, 0.92f, 0.92f),
    new Color("black", 0.08f, 0.08f, 0.09f), new Color("red", 0.78f, 0.12f, 0.10f),
    new Color("blue", 0.15f, 0.25f, 0.70f), new Color("silver", 0.74f, 0.74f, 0.76f),
    new Color("yellow", 0.90f, 0.78f, 0.15f)};
  private static final Color[] TANK = {new Color("white", 0.94f, 0.94f, 0.91f),
    new Color("gray", 0.78f, 0.78f, 0.76f)};
  private static final Color[] ROOF = {new Color("gray", 0.56f, 0.56f, 0.57f),
    new Color("red", 0.64f, 0.30f, 0.23f), new Color("brown", 0.47f, 0.35f, 0.27f),
    new Color("white", 0.87f, 0.87f, 0.85f), new Color("blue", 0.33f, 0.45f, 0.62f)};

  private SceneGenerator() {}

  public static Scene generate(SceneClass cls, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Scene s = new Scene(cls, size, r.nextLong());
    double S = size;
    switch (cls) {
      case AIRPORT -> {
        s.fill(BACKGROUND, 0.5f);
        s.toneNoise(BACKGROUND, r.nextLong(), 3);
        s.noisePatches(BARREN, r.nextLong(), 3, 0.62, EnumSet.of(BACKGROUND));
        double a = r.nextDouble() * Math.PI;
        double off = (r.nextDouble() - 0.5) * 0.3 * S;
        double cx = S / 2 - Math.sin(a) * off;
        double cy = S / 2 + Math.cos(a) * off;
        s.band(ROAD, 0.85f, cx, cy, a, 0.09 * S, 0, 1, 0);
        double side = r.nextBoolean() ? 1 : -1;
        double tx = cx - Math.sin(a) * side * 0.13 * S;
        double ty = cy + Math.cos(a) * side * 0.13 * S;
        s.band(ROAD, 0.75f, tx, ty, a, 0.03 * S, 0, 1, 0);
        double ax = cx - Math.sin(a) * side * 0.3 * S + Math.cos(a) * (r.nextDouble() - 0.5) * 0.3 * S;
        double ay = cy + Math.cos(a) * side * 0.3 * S + Math.sin(a) * (r.nextDouble() - 0.5) * 0.3 * S;
        s.polygon(ROAD, 0.9f, Polygon.rect(ax, ay, 0.45 * S, 0.26 * S, a));
        place(s, r, ObjectType.AIRPLANE, 1 + r.nextInt(4), EnumSet.of(ROAD));
        place(s, r, ObjectType.VEHICLE, r.nextInt(3), EnumSet.of(ROAD));
      }
      case BARE_LAND -> {
        s.fill(BARREN, 0.5f);
        s.toneNoise(BARREN, r.nextLong(), 4);
        s.noisePatches(BACKGROUND, r.nextLong(), 4, 0.7, EnumSet.of(BARREN));
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.3f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
              0.03 * S, 0.06 * S, 0.9 * S, r.nextDouble() * 6);
          place(s, r, ObjectType.VEHICLE, r.nextInt(3), EnumSet.of(ROAD));
        }
      }
      case FARMLAND -> {
        s.fill(BACKGROUND, 0.5f);
        s.fields(AGRICULTURE, BACKGROUND, r.nextDouble() * Math.PI, (0.18 + 0.14 * r.nextDouble()) * S,
            (0.12 + 0.1 * r.nextDouble()) * S, r.nextLong(), EnumSet.of(BACKGROUND));
        if (r.nextDouble() < 0.5) {
          s.band(ROAD, 0.3f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
              0.035 * S, 0, 1, 0);
          place(s, r, ObjectType.VEHICLE, r.nextInt(2), EnumSet.of(ROAD));
        }
        place(s, r, ObjectType.BUILDING, r.nextInt(3), EnumSet.of(BACKGROUND, AGRICULTURE));
      }
      case FOREST -> {
        s.fill(FOREST, 0.5f);
        s.noisePatches(BACKGROUND, r.nextLong(), 3, 0.68, EnumSet.of(FOREST));
        if (r.nextDouble() < 0.3) {
          s.band(ROAD, 0.3f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
              0.025 * S, 0.08 * S, 0.8 * S, r.nextDouble() * 6);
        }
      }
      case HARBOR -> {
        s.fill(BACKGROUND, 0.5f);
        s.toneNoise(BACKGROUND, r.nextLong(), 3);
        s.noisePatches(BARREN, r.nextLong(), 3, 0.6, EnumSet.of(BACKGROUND));
        double a = r.nextDouble() * 2 * Math.PI;
        double nx = Math.cos(a);
        double ny = Math.sin(a);
        double c = (r.nextDouble() - 0.5) * 0.2 * S;
        // Water where the signed distance along the normal is below c (wavy coast);
        // a paved quay strip on the land side.
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double d = (x + 0.5 - S / 2) * nx + (y + 0.5 - S / 2) * ny;
            double t = -(x + 0.5 - S / 2) * ny + (y + 0.5 - S / 2) * nx;
            double coast = c + 0.03 * S * Math.sin(t / S * 9);
            int i = y * size + x;
            if (d < coast) {
              s.cover[i] = (byte) WATER.ordinal();
              s.tone[i] = (float) Math.min(1, (coast - d) / (0.5 * S));
            } else if (d < coast + 0.18 * S) {
              s.cover[i] = (byte) ROAD.ordinal();
              s.tone[i] = 0.7f;
            }
          }
        }
        int piers = 1 + r.nextInt(3);
        for (int k = 0; k < piers; k++) {
          double t = (r.nextDouble() - 0.5) * 0.8 * S;
          double px = S / 2 + nx * (c - 0.08 * S) - ny * t;
          double py = S / 2 + ny * (c - 0.08 * S) + nx * t;
          s.polygon(ROAD, 0.7f, Polygon.rect(px, py, 0.22 * S, 0.035 * S, a));
        }
        place(s, r, ObjectType.SHIP, 2 + r.nextInt(5), EnumSet.of(WATER));
        place(s, r, ObjectType.STORAGE_TANK, r.nextInt(4), EnumSet.of(ROAD, BARREN, BACKGROUND));
        place(s, r, ObjectType.VEHICLE, r.nextInt(4), EnumSet.of(ROAD));
      }
      case INDUSTRIAL -> {
        s.fill(ROAD, 0.6f);
        s.noisePatches(BARREN, r.nextLong(), 3, 0.55, EnumSet.of(ROAD));
        s.band(ROAD, 0.2f, r.nextDouble() * S, r.nextDouble() * S, r.nextDouble() * Math.PI,
            0.04 * S, 0, 1, 0);
        place(s, r, ObjectType.BUILDING, 1 + r.nextInt(3), EnumSet.of(ROAD, BARREN), 0.16, 0.3);
        place(s, r, ObjectType.STORAGE_TANK, 3 + r.nextInt(6), EnumSet.of(ROAD, BARREN));
        place(s, r, ObjectType.VEHICLE, r.nextInt(4), EnumSet.of(ROAD));
      }
      case LAKE -> {
        s.fill(BACKGROUND, 0.5f);
        s.toneNoise(BACKGROUND, r.nextLong(), 3);
        s.noisePatches(FOREST, r.nextLong(), 3, 0.55, EnumSet.of(BACKGROUND));
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.3 * S;
        s.blob(WATER, 0.5f, cx, cy, (0.25 + 0.15 * r.nextDouble()) * S,
            (0.25 + 0.15 * r.nextDouble()) * S, 0.6, r.nextLong());
        s.toneNoise(WATER, r.nextLong(), 2);
        place(s, r, ObjectType.SHIP, r.nextInt(3), EnumSet.of(WATER), 0.08, 0.12);
      }
      case RESIDENTIAL -> {
        s.fill(BACKGROUND, 0.5f);
        s.toneNoise(BACKGROUND, r.nextLong(), 4);
        s.noisePatches(FOREST, r.nextLong(), 6, 0.72, EnumSet.of(BACKGROUND));
        double a = r.nextDouble() * Math.PI / 2;
        double spacing = (0.3 + 0.1 * r.nextDouble()) * S;
        double ox = r.nextDouble() * spacing;
        for (int k = -3; k <= 3; k++) {
          double d = k * spacing + ox;
          s.band(ROAD, 0.25f, S / 2 + Math.cos(a) * d, S / 2 + Math.sin(a) * d, a + Math.PI / 2,
              0.04 * S, 0, 1, 0);
          s.band(ROAD, 0.25f, S / 2 - Math.sin(a) * d, S / 2 + Math.cos(a) * d, a, 0.04 * S, 0, 1, 0);
        }
        placeAligned(s, r, 5 + r.nextInt(10), a, EnumSet.of(BACKGROUND, FOREST));
        place(s, r, ObjectType.VEHICLE, 1 + r.nextInt(5), EnumSet.of(ROAD));
      }
      case RIVER -> {
        if (r.nextBoolean()) {
          s.fill(BACKGROUND, 0.5f);
          s.fields(AGRICULTURE, BACKGROUND, r.nextDouble() * Math.PI, 0.25 * S, 0.16 * S,
              r.nextLong(), EnumSet.of(BACKGROUND));
        } else {
          s.fill(FOREST, 0.5f);
          s.noisePatches(BACKGROUND, r.nextLong(), 3, 0.6, EnumSet.of(FOREST));
        }
        double a = r.nextDouble() * Math.PI;
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        s.band(WATER, 0.5f, cx, cy, a, (0.1 + 0.08 * r.nextDouble()) * S, 0.08 * S,
            (0.7 + 0.4 * r.nextDouble()) * S, r.nextDouble() * 6);
        s.toneNoise(WATER, r.nextLong(), 2);
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.3f, cx, cy, a + Math.PI / 2, 0.03 * S, 0, 1, 0);
        }
        place(s, r, ObjectType.SHIP, r.nextInt(3), EnumSet.of(WATER), 0.08, 0.14);
      }
      case HIGHWAY -> {
        s.fill(BACKGROUND, 0.5f);
        s.toneNoise(BACKGROUND, r.nextLong(), 3);
        s.fields(AGRICULTURE, BACKGROUND, r.nextDouble() * Math.PI, 0.3 * S, 0.2 * S,
            r.nextLong(), EnumSet.of(BACKGROUND));
        double a = r.nextDouble() * Math.PI;
        double cx = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        double cy = S / 2 + (r.nextDouble() - 0.5) * 0.2 * S;
        double amp = r.nextDouble() * 0.06 * S;
        double phase = r.nextDouble() * 6;
        double nx = -Math.sin(a);
        double ny = Math.cos(a);
        s.band(ROAD, 0.2f, cx + nx * 0.045 * S, cy + ny * 0.045 * S, a, 0.06 * S, amp, 1.5 * S, phase);
        s.band(ROAD, 0.2f, cx - nx * 0.045 * S, cy - ny * 0.045 * S, a, 0.06 * S, amp, 1.5 * S, phase);
        if (r.nextDouble() < 0.4) {
          s.band(ROAD, 0.3f, cx, cy, a + Math.PI / 2 + (r.nextDouble() - 0.5), 0.035 * S, 0, 1, 0);
        }
        place(s, r, ObjectType.VEHICLE, 3 + r.nextInt(8), EnumSet.of(ROAD));
      }
      default -> throw new IllegalStateException("unhandled scene class " + cls);
    }
    return s;
  }

  private static void place(Scene s, SplittableRandom r, ObjectType t, int n, Set<LandCover> on) {
    double[] range = switch (t) {
      case AIRPLANE -> new double[] {0.15, 0.24};
      case SHIP -> new double[] {0.10, 0.2};
      case VEHICLE -> new double[] {0.055, 0.075};
      case STORAGE_TANK -> new double[] {0.04, 0.07};
      case BUILDING -> new double[] {0.07, 0.14};
    };
    place(s, r, t, n, on, range[0], range[1]);
  }

  /** Places up to {@code n} objects; attempts that do not fit are dropped. */
  private static void place(Scene s, SplittableRandom r, ObjectType t, int n, Set<LandCover> on,
      double minSize, double maxSize) {
    int placed = 0;
    double S = s.size();
    for (int attempt = 0; attempt < 60 * n && placed < n; attempt++) {
      double len = Math.max(minPixels(t), (minSize + (maxSize - minSize) * r.nextDouble()) * S);
      double cx = len / 2 + r.nextDouble() * (S - len);
      double cy = len / 2 + r.nextDouble() * (S - len);
      double a = r.nextDouble() * 2 * Math.PI;
      if (tryShape(s, r, t, cx, cy, len, a, on) != null) {
        placed++;
      }
    }
  }

  /** Residential buildings aligned with the street grid. */
  private static void placeAligned(Scene s, SplittableRandom r, int n, double a, Set<LandCover> on) {
    int placed = 0;
    double S = s.size();
    for (int attempt = 0; attempt < 60 * n && placed < n; attempt++) {
      double len = Math.max(4, (0.07 + 0.06 * r.nextDouble()) * S);
      double cx = len / 2 + r.nextDouble() * (S - len);
      double cy = len / 2 + r.nextDouble() * (S - len);
      double ang = a + (r.nextBoolean() ? 0 : Math.PI / 2);
      if (tryShape(s, r, ObjectType.BUILDING, cx, cy, len, ang, on) != null) {
        placed++;
      }
    }
  }

  private static double minPixels(ObjectType t) {
    return switch (t) {
      case AIRPLANE -> 9;
      case SHIP -> 7;
      case VEHICLE -> 4;
      case STORAGE_TANK -> 2.5;
      case BUILDING -> 4;
    };
  }

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
        double w = 0.24 * len;
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
        double rad = len;
        parts = List.of(Polygon.circle(cx, cy, rad, 20));
        u = new double[] {-rad, rad};
        v = new double[] {-rad, rad};
        a = 0;
        color = TANK[r.nextInt(TANK.length)];
      }
      case BUILDING -> {
        double w = len * (0.55 + 0.45 * r.nextDouble());
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
   * Adds up to {@code n} buildings on open land (background, barren, forest, farmland): the
   * construction between the two dates of a change pair. Returns how many fit.
   */
  public static int addBuildings(Scene s, SplittableRandom r, int n) {
    int before = s.objects().size();
    place(s, r, ObjectType.BUILDING, n, LAND);
    return s.objects().size() - before;
  }
}
