package dev.vitp.plugins.domains.medical;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A CT-like abdomen: body outline with a fat layer, liver, spleen, kidneys, vertebra, aorta, lung
 * bases at the top slices, and hypodense lesions in the liver or kidneys. Labels follow
 * {@link #LABELS}; intensities are Hounsfield units with noise.
 */
final class CtPhantom {
  static final List<String> LABELS = List.of("background", "liver", "spleen", "right kidney",
      "left kidney", "vertebra", "lung", "aorta", "lesion");
  static final int LIVER = 1;
  static final int SPLEEN = 2;
  static final int RIGHT_KIDNEY = 3;
  static final int LEFT_KIDNEY = 4;
  static final int VERTEBRA = 5;
  static final int LUNG = 6;
  static final int AORTA = 7;
  static final int LESION = 8;
  /** HU per label (portal-venous phase: enhanced organs); index 0 is unlabelled soft tissue. */
  private static final double[] HU = {20, 105, 120, 180, 180, 700, -850, 200, 35};
  private static final double KIDNEY_CYST_HU = 5;

  private final Ellipsoid body;
  private final Ellipsoid[] organs = new Ellipsoid[8];
  private final List<Ellipsoid> lesions = new ArrayList<>();
  private final List<Integer> lesionOrgan = new ArrayList<>();
  private final double offset;
  private final long noiseSeed;

  CtPhantom(SplittableRandom r) {
    double s = 0.85 + 0.15 * r.nextDouble();
    body = new Ellipsoid(0, 0.02, 0, 0.88 * s, 0.66 * s, 9, 0);
    organs[LIVER] = new Ellipsoid(-0.38, -0.12, 0.15, 0.36, 0.3, 0.75, 0.15).jitter(r, 0.04, 0.1);
    organs[SPLEEN] = new Ellipsoid(0.5, -0.05, 0.3, 0.14, 0.2, 0.45, -0.3).jitter(r, 0.04, 0.1);
    organs[RIGHT_KIDNEY] = new Ellipsoid(-0.3, 0.3, -0.25, 0.11, 0.15, 0.35, 0.3).jitter(r, 0.03, 0.1);
    organs[LEFT_KIDNEY] = new Ellipsoid(0.32, 0.3, -0.2, 0.11, 0.15, 0.35, -0.3).jitter(r, 0.03, 0.1);
    organs[VERTEBRA] = new Ellipsoid(0, 0.46, 0, 0.11, 0.1, 9, 0).jitter(r, 0.02, 0.05);
    organs[LUNG] = new Ellipsoid(0, -0.12, 1.25, 0.75, 0.4, 0.55, 0).jitter(r, 0.03, 0.05);
    organs[AORTA] = new Ellipsoid(0.07, 0.27, 0, 0.05, 0.05, 9, 0);
    double u = r.nextDouble();
    int count = u < 0.35 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
    for (int k = 0; k < count; k++) {
      int organ = r.nextDouble() < 0.8 ? LIVER : r.nextBoolean() ? RIGHT_KIDNEY : LEFT_KIDNEY;
      Ellipsoid o = organs[organ];
      double[] c = o.inside(r, 0.55);
      double rad = (organ == LIVER ? 0.05 + 0.06 * r.nextDouble() : 0.035 + 0.03 * r.nextDouble());
      lesions.add(new Ellipsoid(c[0], c[1], c[2], rad, rad * (0.8 + 0.4 * r.nextDouble()),
          rad * 2.5, r.nextDouble() * Math.PI));
      lesionOrgan.add(organ);
    }
    offset = (r.nextDouble() - 0.5) * 20;
    noiseSeed = r.nextLong();
  }

  /** The organ (label) a lesion lies in. */
  int organOfLesion(int lesion) {
    return lesionOrgan.get(lesion);
  }

  int lesionCount() {
    return lesions.size();
  }

  /**
   * Renders axial slice {@code z} in [-1, 1]: HU values, labels, lesion instances. Lesions only
   * appear inside their organ, so every lesion pixel is inside the body.
   */
  Slice slice(int size, double z, long sliceIndex) {
    float[] hu = new float[size * size];
    byte[] labels = new byte[size * size];
    int[] lesionIds = new int[size * size];
    SplittableRandom noise = new SplittableRandom(noiseSeed ^ (sliceIndex * 0x9E3779B97F4A7C15L));
    Ellipsoid inner = new Ellipsoid(body.cx(), body.cy(), 0, body.rx() * 0.93, body.ry() * 0.9, 9, 0);
    for (int py = 0; py < size; py++) {
      double y = (py + 0.5) / size * 2 - 1;
      for (int px = 0; px < size; px++) {
        double x = (px + 0.5) / size * 2 - 1;
        int i = py * size + px;
        double v;
        int label = 0;
        if (!body.contains(x, y, 0)) {
          v = -1000;
        } else if (!inner.contains(x, y, 0)) {
          v = -100;
        } else {
          v = HU[0];
          for (int o = 1; o < organs.length; o++) {
            if (organs[o].contains(x, y, z)) {
              label = o;
              v = HU[o];
            }
          }
          for (int k = 0; k < lesions.size(); k++) {
            if (label == lesionOrgan.get(k) && lesions.get(k).contains(x, y, z)) {
              label = LESION;
              v = lesionOrgan.get(k) == LIVER ? HU[LESION] : KIDNEY_CYST_HU;
              lesionIds[i] = k + 1;
              break;
            }
          }
        }
        labels[i] = (byte) label;
        hu[i] = (float) (v + (v > -1000 ? offset : 0) + noise.nextGaussian() * 10);
      }
    }
    return new Slice(size, hu, null, labels, lesionIds);
  }
}
