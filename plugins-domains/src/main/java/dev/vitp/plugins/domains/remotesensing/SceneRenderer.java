package dev.vitp.plugins.domains.remotesensing;

import dev.vitp.plugins.domains.synth.Images;
import dev.vitp.plugins.domains.synth.Noise;
import java.util.SplittableRandom;

/**
 * Renders a {@link Scene}: optical RGB (land-cover colours with texture, object colours, a
 * per-image illumination/tint) or SAR (per-class backscatter, bright objects, multiplicative
 * speckle, 16-bit amplitude). Textures come from the scene's texture seed, so two scenes that
 * differ only in some objects render identically elsewhere.
 */
public final class SceneRenderer {
  private static final float[][] FIELD = {
    {0.55f, 0.63f, 0.30f}, {0.72f, 0.66f, 0.40f}, {0.40f, 0.52f, 0.24f}, {0.62f, 0.50f, 0.34f},
    {0.48f, 0.58f, 0.36f}};

  private SceneRenderer() {}

  /** Per-image rendering conditions (illumination, tint, speckle looks, sea state). */
  public record Look(float gain, float tintR, float tintG, float tintB, int looks, float wind,
      long noiseSeed) {
    public static Look random(SplittableRandom r) {
      return new Look(0.9f + 0.2f * r.nextFloat(), 0.03f * (r.nextFloat() - 0.5f) * 2,
          0.03f * (r.nextFloat() - 0.5f) * 2, 0.03f * (r.nextFloat() - 0.5f) * 2,
          2 + r.nextInt(3), 0.004f + 0.02f * r.nextFloat(), r.nextLong());
    }
  }

  /** Interleaved 8-bit RGB. */
  public static byte[] optical(Scene s, Look look) {
    int size = s.size();
    int n = size * size;
    float[] tex = Noise.fbm(s.textureSeed(), size, size / 4.0, 2);
    float[] canopy = Noise.fbm(s.textureSeed() + 1, size, size / 3.0, 2);
    SplittableRandom grain = new SplittableRandom(look.noiseSeed());
    byte[] out = new byte[3 * n];
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
        switch (s.coverAt(i)) {
          case BACKGROUND -> mix(c, 0.40f, 0.50f, 0.27f, 0.53f, 0.57f, 0.33f, t, 0.92f + 0.16f * x);
          case ROAD -> {
            if (t < 0.5f) {
              mix(c, 0.28f, 0.28f, 0.30f, 0.36f, 0.36f, 0.37f, t * 2, 0.96f + 0.08f * x);
            } else {
              mix(c, 0.52f, 0.52f, 0.50f, 0.68f, 0.67f, 0.64f, (t - 0.5f) * 2, 0.96f + 0.08f * x);
            }
          }
          case WATER -> {
            mix(c, 0.16f, 0.30f, 0.36f, 0.05f, 0.14f, 0.25f, t, 1);
            float w = 0.02f * (x - 0.5f);
            c[0] += w;
            c[1] += w;
            c[2] += w;
          }
          case BARREN -> mix(c, 0.78f, 0.68f, 0.52f, 0.58f, 0.47f, 0.34f, t, 0.95f + 0.1f * x);
          case FOREST -> mix(c, 0.07f, 0.20f, 0.08f, 0.20f, 0.38f, 0.17f, canopy[i], 0.9f + 0.2f * x);
          case AGRICULTURE -> {
            float[] f = FIELD[Math.min(FIELD.length - 1, (int) (t * FIELD.length))];
            float k = 0.94f + 0.12f * x;
            c[0] = f[0] * k;
            c[1] = f[1] * k;
            c[2] = f[2] * k;
          }
          case BUILDING, VEHICLE -> {
            c[0] = 0.5f;
            c[1] = 0.5f;
            c[2] = 0.5f;
          }
          default -> throw new IllegalStateException();
        }
      }
      float e = (float) (grain.nextGaussian() * 0.008);
      out[3 * i] = Images.q8(c[0] * look.gain() + look.tintR() + e);
      out[3 * i + 1] = Images.q8(c[1] * look.gain() + look.tintG() + e);
      out[3 * i + 2] = Images.q8(c[2] * look.gain() + look.tintB() + e);
    }
    return out;
  }

  /** 16-bit amplitude (single band): {@code sqrt(intensity) / 1.2} scaled to 0..65535. */
  public static short[] sar(Scene s, Look look) {
    int size = s.size();
    int n = size * size;
    float[] canopy = Noise.fbm(s.textureSeed() + 1, size, size / 3.0, 2);
    SplittableRandom speckle = new SplittableRandom(look.noiseSeed() ^ 0x5A5A5A5AL);
    short[] out = new short[n];
    int looks = look.looks();
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
      double intensity = sigma * g / looks;
      out[i] = Images.q16((float) (Math.sqrt(intensity) / 1.2));
    }
    return out;
  }

  private static void mix(float[] c, float r0, float g0, float b0, float r1, float g1, float b1,
      float t, float k) {
    c[0] = (r0 + (r1 - r0) * t) * k;
    c[1] = (g0 + (g1 - g0) * t) * k;
    c[2] = (b0 + (b1 - b0) * t) * k;
  }

  private static boolean edge(Scene s, int i) {
    int size = s.size();
    int x = i % size;
    int y = i / size;
    int o = s.owner[i];
    return x == 0 || y == 0 || x == size - 1 || y == size - 1 || s.owner[i - 1] != o
        || s.owner[i + 1] != o || s.owner[i - size] != o || s.owner[i + size] != o;
  }
}
