package dev.vitp.plugins.domains.medical;

import dev.vitp.plugins.domains.synth.Noise;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A frontal chest X-ray-like image: dark lungs in a brighter thorax, heart shadow, spine, ribs,
 * and opacities (consolidations) inside the lungs. Labels follow {@link #LABELS}; the patient's
 * right lung is on the image's left.
 */
final class XrayPhantom {
  static final List<String> LABELS = List.of("background", "lung", "heart", "lesion");
  static final int LUNG = 1;
  static final int HEART = 2;
  static final int LESION = 3;

  private final Ellipsoid thorax;
  private final Ellipsoid rightLung;
  private final Ellipsoid leftLung;
  private final Ellipsoid heart;
  private final List<Ellipsoid> lesions = new ArrayList<>();
  private final List<Boolean> lesionInRight = new ArrayList<>();
  private final double ribPhase;
  private final double ribSpacing;
  private final long noiseSeed;

  XrayPhantom(SplittableRandom r) {
    thorax = new Ellipsoid(0, 0.1, 0, 0.85, 1.0, 1, 0).jitter(r, 0.03, 0.05);
    rightLung = new Ellipsoid(-0.38, -0.05, 0, 0.27, 0.55, 1, 0.08).jitter(r, 0.03, 0.08);
    leftLung = new Ellipsoid(0.38, -0.05, 0, 0.25, 0.52, 1, -0.08).jitter(r, 0.03, 0.08);
    heart = new Ellipsoid(0.12, 0.3, 0, 0.28, 0.22, 1, -0.3).jitter(r, 0.03, 0.08);
    double u = r.nextDouble();
    int count = u < 0.4 ? 0 : u < 0.75 ? 1 : u < 0.92 ? 2 : 3;
    for (int k = 0; k < count; k++) {
      boolean right = r.nextBoolean();
      Ellipsoid lung = right ? rightLung : leftLung;
      double[] c = lung.inside(r, 0.6);
      double rad = 0.06 + 0.08 * r.nextDouble();
      lesions.add(new Ellipsoid(c[0], c[1], 0, rad, rad * (0.7 + 0.6 * r.nextDouble()), 1,
          r.nextDouble() * Math.PI));
      lesionInRight.add(right);
    }
    ribPhase = r.nextDouble() * 6;
    ribSpacing = 0.16 + 0.03 * r.nextDouble();
    noiseSeed = r.nextLong();
  }

  /** Whether lesion {@code k} is in the patient's right lung (the image's left). */
  boolean lesionInRightLung(int k) {
    return lesionInRight.get(k);
  }

  Slice render(int size) {
    float[] v = new float[size * size];
    byte[] labels = new byte[size * size];
    int[] ids = new int[size * size];
    float[] tex = Noise.fbm(noiseSeed, size, size / 6.0, 3);
    SplittableRandom grain = new SplittableRandom(noiseSeed + 1);
    for (int py = 0; py < size; py++) {
      double y = (py + 0.5) / size * 2 - 1;
      for (int px = 0; px < size; px++) {
        double x = (px + 0.5) / size * 2 - 1;
        int i = py * size + px;
        double val = 0.06;
        int label = 0;
        if (thorax.contains(x, y, 0)) {
          val = 0.55;
          boolean inLung = rightLung.contains(x, y, 0) || leftLung.contains(x, y, 0);
          if (inLung) {
            label = LUNG;
            val = 0.22 + 0.08 * tex[i];
            double rib = Math.sin((y + 0.25 * x * x) / ribSpacing * Math.PI + ribPhase);
            if (rib > 0.75) {
              val += 0.12;
            }
          }
          if (heart.contains(x, y, 0)) {
            label = HEART;
            val = 0.62;
          }
          if (Math.abs(x) < 0.07) {
            val = Math.max(val, 0.7);
          }
          if (label == LUNG) {
            for (int k = 0; k < lesions.size(); k++) {
              if (lesions.get(k).contains(x, y, 0)) {
                label = LESION;
                val += 0.25 + 0.05 * tex[i];
                ids[i] = k + 1;
                break;
              }
            }
          }
        }
        labels[i] = (byte) label;
        v[i] = (float) Math.max(0, Math.min(1, val + grain.nextGaussian() * 0.015));
      }
    }
    return new Slice(size, v, null, labels, ids);
  }
}
