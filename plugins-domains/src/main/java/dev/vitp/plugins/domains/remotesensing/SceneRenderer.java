package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.plugins.domains.synth.Noise;
import java.util.SplittableRandom;

/**
 * Renders a {@link Scene}: optical RGB or SAR (per-class backscatter, bright objects,
 * multiplicative speckle, 16-bit amplitude). Textures come from the scene's texture seed, so two
 * scenes that differ only in some objects render identically elsewhere.
 *
 * <p>Optical rendering has two stages. {@link #linear} paints land covers and objects with a
 * palette jittered per image (a season moves vegetation between green and straw) and with a
 * texture per land cover (grass mottling, tree crowns, crop rows, sand ripples, calm water).
 * {@link #optical} then applies the acquisition: the image's own mean colour is replaced by a
 * mean drawn for this image alone and its contrast is scaled, as sensors, seasons and
 * atmospheres do. The mean colour of an image therefore says nothing about its scene class; what
 * is where, and in which shape and texture, does.
 */
public final class SceneRenderer {
  private static final float[][] FIELD = {
    {0.55f, 0.63f, 0.30f}, {0.72f, 0.66f, 0.40f}, {0.40f, 0.52f, 0.24f}, {0.62f, 0.50f, 0.34f},
    {0.48f, 0.58f, 0.36f}};

  private SceneRenderer() {}

  /**
   * Per-image acquisition conditions.
   *
   * @param gain legacy brightness factor of SAR-free renderings (kept in the linear stage: 1)
   * @param contrast scale of deviations from the image mean
   * @param meanR mean red of the rendered image (drawn independently of the scene)
   * @param season 0 = green vegetation, 1 = dry (straw, brown)
   * @param paletteSeed seed of the per-image palette jitter
   * @param looks SAR looks
   * @param wind SAR sea-state backscatter
   * @param noiseSeed sensor grain / speckle
   */
  public record Look(float gain, float tintR, float tintG, float tintB, int looks, float wind,
      long noiseSeed, float contrast, float meanR, float meanG, float meanB, float season,
      long paletteSeed) {
    public static Look random(SplittableRandom r) {
      float brightness = 0.28f + 0.34f * r.nextFloat();
      return new Look(1f, 0.03f * (r.nextFloat() - 0.5f) * 2,
          0.03f * (r.nextFloat() - 0.5f) * 2, 0.03f * (r.nextFloat() - 0.5f) * 2,
          2 + r.nextInt(3), 0.004f + 0.02f * r.nextFloat(), r.nextLong(),
          0.75f + 0.6f * r.nextFloat(), brightness + 0.12f * (r.nextFloat() - 0.5f),
          brightness + 0.12f * (r.nextFloat() - 0.5f), brightness + 0.12f * (r.nextFloat() - 0.5f),
          r.nextFloat(), r.nextLong());
    }

    /** The same acquisition with a different season and palette (a second date). */
    public Look withSeason(float season, long paletteSeed) {
      return new Look(gain, tintR, tintG, tintB, looks, wind, noiseSeed, contrast, meanR, meanG,
          meanB, season, paletteSeed);
    }
  }

  /** Interleaved 8-bit RGB: {@link #linear} under the look's mean colour and contrast. */
  public static byte[] optical(Scene s, Look look) {
    float[] c = linear(s, look);
    int n = s.size() * s.size();
    double[] mean = new double[3];
    for (int i = 0; i < n; i++) {
      mean[0] += c[3 * i];
      mean[1] += c[3 * i + 1];
      mean[2] += c[3 * i + 2];
    }
    float[] target = {look.meanR(), look.meanG(), look.meanB()};
    float[] shift = new float[3];
    for (int k = 0; k < 3; k++) {
      shift[k] = (float) (target[k] - mean[k] / n * look.contrast());
    }
    SplittableRandom grain = new SplittableRandom(look.noiseSeed());
    byte[] out = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      float e = (float) (grain.nextGaussian() * 0.008);
      for (int k = 0; k < 3; k++) {
        out[3 * i + k] = Images.q8(c[3 * i + k] * look.contrast() + shift[k] + e);
      }
    }
    return out;
  }

  /**
   * Interleaved float RGB before the acquisition: object pixels are the object's colour times a
   * shade in [0.78 · 0.9, 1] (darker rims on buildings and tanks).
   */
  public static float[] linear(Scene s, Look look) {
    int size = s.size();
    int n = size * size;
    float[] tex = Noise.fbm(s.textureSeed(), size, size / 4.0, 2);
    float[] canopy = Noise.fbm(s.textureSeed() + 1, size, size / 3.0, 2);
    float[][] pal = palette(look);
    float season = look.season();
    float[] out = new float[3 * n];
    float[] c = new float[3];
    for (int i = 0; i < n; i++) {
      SceneObject o = s.objectAt(i);
      float t = s.tone[i];
      float x = tex[i];
      if (o != null) {
        float[] rgb = o.rgb();
        float k = 0.9f + 0.1f * x;
        if (edge(s, i) && (o.type() == ObjectType.STORAGE_TANK || o.type() == ObjectType.BUILDING)) {
          k *= 0.78f;
        }
        c[0] = rgb[0] * k;
        c[1] = rgb[1] * k;
        c[2] = rgb[2] * k;
      } else {
        LandCover cover = s.coverAt(i);
        float[] p = pal[cover.ordinal()];
        switch (cover) {
          case BACKGROUND -> mix(c, p, t, 0.85f + 0.3f * x);
          case ROAD -> mix(c, p, t, 0.96f + 0.08f * x);
          case WATER -> {
            mix(c, p, t, 1);
            float w = 0.03f * (x - 0.5f);
            c[0] += w;
            c[1] += w;
            c[2] += w;
          }
          case BARREN -> mix(c, p, t, 0.9f + 0.2f * x);
          // tree crowns: bright tops, dark gaps between them
          case FOREST -> mix(c, p, canopy[i] * 0.5f + t * 0.5f, 0.7f + 0.6f * canopy[i]);
          case AGRICULTURE -> {
            float[] f = FIELD[Math.min(FIELD.length - 1, (int) (t * FIELD.length))];
            // crop rows within a field: a stripe pattern along the field's direction
            float row = ((i / size + i % size) & 2) == 0 ? 0.92f : 1.06f;
            float k = (0.94f + 0.12f * x) * row;
            float dry = season * 0.6f;
            c[0] = (f[0] + (0.72f - f[0]) * dry) * k + p[0] - 0.5f;
            c[1] = (f[1] + (0.64f - f[1]) * dry) * k + p[1] - 0.5f;
            c[2] = (f[2] + (0.42f - f[2]) * dry) * k + p[2] - 0.5f;
          }
          case BUILDING, VEHICLE -> {
            c[0] = 0.5f;
            c[1] = 0.5f;
            c[2] = 0.5f;
          }
          default -> throw new IllegalStateException();
        }
      }
      out[3 * i] = c[0];
      out[3 * i + 1] = c[1];
      out[3 * i + 2] = c[2];
    }
    return out;
  }

  /**
   * Per land cover two colours (tone 0 and tone 1), jittered per image; vegetation moves towards
   * straw and brown with the season. Agriculture holds a small colour offset around 0.5.
   */
  private static float[][] palette(Look look) {
    SplittableRandom r = new SplittableRandom(look.paletteSeed());
    float s = look.season();
    float[][] p = new float[LandCover.values().length][];
    p[LandCover.BACKGROUND.ordinal()] = lerp(new float[] {0.40f, 0.50f, 0.27f, 0.53f, 0.57f, 0.33f},
        new float[] {0.58f, 0.52f, 0.36f, 0.70f, 0.64f, 0.46f}, s);
    p[LandCover.ROAD.ordinal()] = new float[] {0.28f, 0.28f, 0.30f, 0.68f, 0.67f, 0.64f};
    p[LandCover.WATER.ordinal()] = new float[] {0.16f, 0.30f, 0.36f, 0.05f, 0.14f, 0.25f};
    p[LandCover.BARREN.ordinal()] = new float[] {0.78f, 0.68f, 0.52f, 0.58f, 0.47f, 0.34f};
    p[LandCover.FOREST.ordinal()] = lerp(new float[] {0.05f, 0.16f, 0.06f, 0.22f, 0.40f, 0.18f},
        new float[] {0.16f, 0.16f, 0.08f, 0.44f, 0.36f, 0.18f}, s);
    p[LandCover.AGRICULTURE.ordinal()] = new float[] {0.5f, 0.5f, 0.5f};
    p[LandCover.BUILDING.ordinal()] = new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    p[LandCover.VEHICLE.ordinal()] = p[LandCover.BUILDING.ordinal()];
    for (float[] q : p) {
      float shift = 0.05f * (r.nextFloat() - 0.5f) * 2;
      for (int k = 0; k < q.length; k++) {
        q[k] += shift + 0.035f * (r.nextFloat() - 0.5f) * 2;
      }
    }
    return p;
  }

  private static float[] lerp(float[] a, float[] b, float t) {
    float[] o = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      o[i] = a[i] + (b[i] - a[i]) * t;
    }
    return o;
  }

  /** 16-bit amplitude (single band): {@code sqrt(intensity) / 1.2} scaled to 0..65535. */
  public static short[] sar(Scene s, Look look) {
    int size = s.size();
    int n = size * size;
    float[] canopy = Noise.fbm(s.textureSeed() + 1, size, size / 3.0, 2);
    SplittableRandom speckle = new SplittableRandom(look.noiseSeed() ^ 0x5A5A5A5AL);
    short[] out = new short[n];
    int looks = look.looks();
    // calibration varies between acquisitions: overall brightness says little about the scene
    double calibration = 0.6 + 0.8 * look.season();
    for (int i = 0; i < n; i++) {
      SceneObject o = s.objectAt(i);
      float t = s.tone[i];
      double sigma;
      if (o != null) {
        sigma = switch (o.type()) {
          case BUILDING -> 0.9;
          case STORAGE_TANK -> 0.75;
          case SHIP -> 1.0;
          case AIRPLANE -> 0.7;
          case VEHICLE -> 0.55;
        };
      } else {
        sigma = switch (s.coverAt(i)) {
          case BACKGROUND -> 0.10 + 0.05 * t;
          case ROAD -> t < 0.5f ? 0.02 : 0.05;
          case WATER -> look.wind();
          case BARREN -> 0.06 + 0.03 * t;
          case FOREST -> 0.22 + 0.08 * canopy[i];
          case AGRICULTURE -> 0.08 + 0.18 * t;
          case BUILDING, VEHICLE -> 0.5;
        };
      }
      double g = 0;
      for (int k = 0; k < looks; k++) {
        g -= Math.log(1 - speckle.nextDouble());
      }
      double intensity = calibration * sigma * g / looks;
      out[i] = Images.q16((float) (Math.sqrt(intensity) / 1.2));
    }
    return out;
  }

  private static void mix(float[] c, float[] p, float t, float k) {
    c[0] = (p[0] + (p[3] - p[0]) * t) * k;
    c[1] = (p[1] + (p[4] - p[1]) * t) * k;
    c[2] = (p[2] + (p[5] - p[2]) * t) * k;
  }

  private static boolean edge(Scene s, int i) {
    int size = s.size();
    int x = i % size;
    int y = i / size;
    int o = s.owner[i];
    return x == 0 || y == 0 || x == size - 1 || y == size - 1 || s.owner[i - 1] != o
        || s.owner[i + 1] != o || s.owner[i - size] != o || s.owner[i + size] != o;
  }

  /**
   * {@code rgb} moved by {@code (dx, dy)} pixels, edges repeated: the registration error between
   * two acquisitions.
   */
  public static byte[] shifted(byte[] rgb, int size, int dx, int dy) {
    byte[] out = new byte[rgb.length];
    for (int y = 0; y < size; y++) {
      int sy = Math.min(size - 1, Math.max(0, y - dy));
      for (int x = 0; x < size; x++) {
        int sx = Math.min(size - 1, Math.max(0, x - dx));
        System.arraycopy(rgb, 3 * (sy * size + sx), out, 3 * (y * size + x), 3);
      }
    }
    return out;
  }
}
